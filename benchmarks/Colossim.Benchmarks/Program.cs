using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/Colossim.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
