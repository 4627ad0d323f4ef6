using Ser.Cli;

// ser <command> [options]
//   gds-table <ravdess-dir> [--threads N]   dropped fraction of Gaussian data selection for T = 0.1 … 0.9
//   extract-bench <ravdess-dir>              read + log-mel + patches + GDS speed, 1 and 2 threads, cache cold/hit
return args.Length > 0 && args[0] == "gds-table" ? GdsTable.Run(args[1..])
     : args.Length > 0 && args[0] == "extract-bench" ? ExtractBench.Run(args[1..])
     : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: ser gds-table <ravdess-dir> [--threads N] | ser extract-bench <ravdess-dir>");
    return 2;
}
