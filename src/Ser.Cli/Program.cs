using Ser.Cli;

// ser <command> [options]
//   gds-table <ravdess-dir> [--threads N]   dropped fraction of Gaussian data selection for T = 0.1 … 0.9
return args.Length > 0 && args[0] == "gds-table" ? GdsTable.Run(args[1..])
     : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: ser gds-table <ravdess-dir> [--threads N]");
    return 2;
}
