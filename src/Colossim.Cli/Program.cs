Colossim.Cli.JitProfile.Start(args);
return Colossim.Cli.ColossimCli.Run(args, Console.Out, Console.Error);
