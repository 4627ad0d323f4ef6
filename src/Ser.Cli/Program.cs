using Ser.Cli;

// ser <command> [options]
//   gds-table <ravdess-dir> [--threads N]   dropped fraction of Gaussian data selection for T = 0.1 … 0.9
//   extract-bench <ravdess-dir>              read + log-mel + patches + GDS speed, 1 and 2 threads, cache cold/hit
//   evaluate <ravdess-dir> [--folds 6] [--epochs 6] [--classes 4|8] [--architectures fusion,vggish,yamnet]
//            [--gds on,off] [--pretrained yamnet_folded_f32.safetensors] [--vggish-width 0.125] [--yamnet-width 0.25]
return args.Length > 0 && args[0] == "gds-table" ? GdsTable.Run(args[1..])
     : args.Length > 0 && args[0] == "extract-bench" ? ExtractBench.Run(args[1..])
     : args.Length > 0 && args[0] == "evaluate" ? Evaluate.Run(args[1..])
     : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: ser gds-table <ravdess-dir> [--threads N] | ser extract-bench <ravdess-dir> | ser evaluate <ravdess-dir> [options]");
    return 2;
}
