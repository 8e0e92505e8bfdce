using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace IgdLab.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- [soap|pcp|forward|startup|discovery|prober|cluster|soak|micro|all] [--seconds N] [--clients N]</c>:
/// prints the machine, then one table of figures per benchmark. Everything runs on loopback in this process.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [HandshakeFleet.ChildCommand, ..])
        {
            return await HandshakeFleet.RunChildAsync(args);
        }

        if (args is [ProbeWorld.ChildCommand, ..])
        {
            return await ProbeWorld.RunChildAsync(args);
        }

        var problems = new List<string>();
        var arguments = BenchArguments.Parse(args, problems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem);
            }

            await Console.Error.WriteLineAsync(BenchArguments.Usage);
            return 2;
        }

        var output = Console.Out;
        var addresses = new LoopbackAddresses(Environment.ProcessId);
        Machine.Print(output, addresses);
        if (arguments.Command == "micro")
        {
            // BenchmarkDotNet prints its own summary (with its own environment block).
            BenchmarkRunner.Run<MicroBenchmarks>();
            return 0;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var began = Stopwatch.GetTimestamp();
        try
        {
            // Startup goes first so that its cold start really is the process's first gateway.
            if (arguments.Command is "startup" or "all")
            {
                await new StartupBenchmark(addresses).RunAsync(output, stop.Token);
            }

            if (arguments.Command is "soap" or "all")
            {
                await new SoapBenchmark(arguments, addresses).RunAsync(output, stop.Token);
            }

            if (arguments.Command is "pcp" or "all")
            {
                await new PortControlBenchmark(arguments, addresses).RunAsync(output, stop.Token);
            }

            if (arguments.Command is "forward" or "all")
            {
                await new ForwardingBenchmark(arguments, addresses).RunAsync(output, stop.Token);
            }

            if (arguments.Command is "discovery" or "all")
            {
                await new DiscoveryBenchmark(addresses).RunAsync(output, stop.Token);
            }

            if (arguments.Command == "prober")
            {
                await new ProberBenchmark(arguments, addresses).RunAsync(output, stop.Token);
            }

            if (arguments.Command == "soak")
            {
                await (arguments.ProberProcess
                    ? new ProberSoakBenchmark(arguments, addresses).RunAsync(output, stop.Token)
                    : new SoakBenchmark(arguments).RunAsync(output, stop.Token));
            }

            if (arguments.Command == "cluster")
            {
                await new ClusterBenchmark(arguments, addresses).RunAsync(output, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("stopped");
            return 130;
        }

        output.WriteLine();
        output.WriteLine($"done in {Stopwatch.GetElapsedTime(began).TotalSeconds:0.0} s");
        return 0;
    }
}
