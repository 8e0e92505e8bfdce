using System.Globalization;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Benchmarks;

/// <summary>The command line: which benchmark to run, how long a load window lasts and how many clients load it.</summary>
internal sealed record BenchArguments
{
    /// <summary>The commands, in the order <c>all</c> runs them (micro is never part of <c>all</c>).</summary>
    public static readonly IReadOnlyList<string> Commands = ["startup", "soap", "pcp", "forward", "discovery", "prober", "cluster", "soak", "micro", "all"];

    /// <summary>The options, for "did you mean" on a misspelt one.</summary>
    public static readonly IReadOnlyList<string> Options =
        ["--seconds", "--clients", "--devices", "--prober-seconds", "--paths", "--db", "--kills", "--minutes", "--prober-process"];

    public const string Usage =
        "usage: dotnet run -c Release --project bench/Benchmarks -- [soap|pcp|forward|startup|discovery|prober|cluster|soak|micro|all]\n" +
        "       [--seconds N] [--clients N] [--devices N[,N...]] [--prober-seconds N] [--paths P[,P...]] [--db CONNECTION] [--kills N]\n" +
        "       [--minutes N] [--prober-process]\n" +
        "  all (default) = startup + soap + pcp + forward + discovery; prober, cluster, soak and micro run on their own.\n" +
        "  soak          plays --minutes (default 10) of random faults on --devices watchdog devices (first value; default\n" +
        "                1000) with igdlab run in a child process, sampling its memory, descriptors and threads. With\n" +
        "                --prober-process: an igdlab prober process of its own probes them through 10 gateways of another\n" +
        "                process that drops and reboots at random; the prober's process is sampled, and all must be reached at the end\n" +
        "                (with --db, its registry is a database of its own on that PostgreSQL server, else an SQLite file).\n" +
        "  cluster       1, 2 and 3 prober instances on one PostgreSQL registry (probes/s, registry writes), then kills one of 3\n" +
        "                instances --kills times (default 10) and times the takeover; needs --db, a PostgreSQL connection string\n" +
        "                (keyword form) of a user who may create databases (each run gets a database of its own, dropped after).\n" +
        "  --seconds N   length of each SOAP and PCP load window (default 10, 1..600); forward connection windows are a quarter of it.\n" +
        "  --clients N   concurrent SOAP and PCP clients and concurrent forwarded-connection workers (default 16, 1..256).\n" +
        "  --devices N,… registered devices of each prober run (default 1000,10000; 1..20000 on sockets, 1..100000 simulated).\n" +
        "  --prober-seconds N  length of each prober measurement window, after a 5 s warm-up (default 25, 1..600).\n" +
        "  --paths P,…   what the prober's probes reach (default bare): bare = minimal handshake listeners; direct = the real\n" +
        "                device service endpoints; gateway = those behind virtual gateways of 100 devices, relayed over loopback;\n" +
        "                handoff = the same gateways handing each accepted connection to the device in their process;\n" +
        "                simulated = gateways, devices and prober in one process on the simulated network (network: simulated).";

    /// <summary>The benchmark to run.</summary>
    /// <value>The default is <c>all</c>.</value>
    public string Command { get; init; } = "all";

    /// <summary>The length of each SOAP and PCP load window.</summary>
    /// <value>The default is 10 seconds.</value>
    public int Seconds { get; init; } = 10;

    /// <summary>The concurrency of the loaded runs.</summary>
    /// <value>The default is 16.</value>
    public int Clients { get; init; } = 16;

    /// <summary>The device counts of the prober runs.</summary>
    /// <value>The default is 1 000 and 10 000.</value>
    public IReadOnlyList<int> Devices { get; init; } = [1000, 10_000];

    /// <summary>The length of each prober measurement window, in seconds.</summary>
    /// <value>The default is 25.</value>
    public int ProberSeconds { get; init; } = 25;

    /// <summary>What the prober's probes reach, one run per path and device count.</summary>
    /// <value>The default is <c>bare</c>.</value>
    public IReadOnlyList<string> Paths { get; init; } = ["bare"];

    /// <summary>The PostgreSQL server of the cluster benchmark: a connection string (keyword form) of a user who may create databases.</summary>
    /// <value>The default is null.</value>
    public string? Database { get; init; }

    /// <summary>How long the soak runs, in minutes.</summary>
    /// <value>The default is 10.</value>
    public int Minutes { get; init; } = 10;

    /// <summary>Whether the soak runs the prober in a process of its own (<see cref="ProberSoakBenchmark"/>).</summary>
    /// <value>The default is false: the whole world in one <c>igdlab run</c>.</value>
    public bool ProberProcess { get; init; }

    /// <summary>How many instances the cluster benchmark kills, one after another.</summary>
    /// <value>The default is 10.</value>
    public int Kills { get; init; } = 10;

    /// <summary>Parses <paramref name="args"/>; every problem found is added to <paramref name="problems"/>.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args, List<string> problems)
    {
        var parsed = new BenchArguments();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--seconds":
                    parsed = parsed with { Seconds = ReadNumber(args, ref i, 1, 600, problems) ?? parsed.Seconds };
                    break;
                case "--clients":
                    parsed = parsed with { Clients = ReadNumber(args, ref i, 1, 256, problems) ?? parsed.Clients };
                    break;
                case "--prober-seconds":
                    parsed = parsed with { ProberSeconds = ReadNumber(args, ref i, 1, 600, problems) ?? parsed.ProberSeconds };
                    break;
                case "--devices":
                    parsed = parsed with { Devices = ReadNumbers(args, ref i, 1, 100_000, problems) ?? parsed.Devices };
                    break;
                case "--paths":
                    parsed = parsed with { Paths = ReadWords(args, ref i, ProbeWorld.Paths, problems) ?? parsed.Paths };
                    break;
                case "--db":
                    parsed = parsed with { Database = ReadValue(args, ref i, problems) ?? parsed.Database };
                    break;
                case "--minutes":
                    parsed = parsed with { Minutes = ReadNumber(args, ref i, 2, 120, problems) ?? parsed.Minutes };
                    break;
                case "--prober-process":
                    parsed = parsed with { ProberProcess = true };
                    break;
                case "--kills":
                    parsed = parsed with { Kills = ReadNumber(args, ref i, 1, 100, problems) ?? parsed.Kills };
                    break;
                case var command when Commands.Contains(command):
                    parsed = parsed with { Command = command };
                    break;
                case var option when option.StartsWith('-'):
                    problems.Add($"unknown option '{option}'{NameSuggester.Hint(option, [.. Options])}");
                    if (i + 1 < args.Count && !args[i + 1].StartsWith('-') && !Commands.Contains(args[i + 1]))
                    {
                        i++; // its value, most likely: one problem, not two
                    }

                    break;
                default:
                    problems.Add($"unknown command '{args[i]}'{NameSuggester.Hint(args[i], [.. Commands])}");
                    break;
            }
        }

        if (parsed.Command == "cluster" && parsed.Database is null)
        {
            problems.Add("cluster needs --db, a PostgreSQL connection string of a user who may create databases");
        }

        // A socket path holds a descriptor or two per device; this machine's processes may open about 20,000.
        if (parsed.Devices.Any(d => d > SocketDevicesMax) && parsed.Paths.Any(p => p != "simulated"))
        {
            problems.Add($"--devices above {SocketDevicesMax:N0} needs --paths simulated (the socket paths hold a descriptor or two per device)");
        }

        return parsed;
    }

    private const int SocketDevicesMax = 20_000;

    private static int[]? ReadNumbers(IReadOnlyList<string> args, ref int i, int min, int max, List<string> problems)
    {
        var name = args[i];
        if (i + 1 >= args.Count)
        {
            problems.Add($"{name} needs a value");
            i++;
            return null;
        }

        var values = new List<int>();
        foreach (var part in args[++i].Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                problems.Add($"{name} takes whole numbers from {min} to {max}, separated by commas, not '{args[i]}'");
                return null;
            }

            values.Add(value);
        }

        return [.. values];
    }

    private static string[]? ReadWords(IReadOnlyList<string> args, ref int i, IReadOnlyList<string> allowed, List<string> problems)
    {
        var name = args[i];
        if (++i >= args.Count)
        {
            problems.Add($"{name} needs a value");
            return null;
        }

        var words = args[i].Split(',');
        var unknown = words.Where(word => !allowed.Contains(word)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"{name} takes {string.Join(", ", allowed)} (separated by commas), not '{string.Join(",", unknown)}'");
            return null;
        }

        return words;
    }

    private static string? ReadValue(IReadOnlyList<string> args, ref int i, List<string> problems)
    {
        var name = args[i];
        if (++i >= args.Count)
        {
            problems.Add($"{name} needs a value");
            return null;
        }

        return args[i];
    }

    private static int? ReadNumber(IReadOnlyList<string> args, ref int i, int min, int max, List<string> problems)
    {
        var name = args[i];
        if (++i >= args.Count)
        {
            problems.Add($"{name} needs a value");
            return null;
        }

        if (!int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"{name} must be a whole number from {min} to {max}, not '{args[i]}'");
            return null;
        }

        return value;
    }
}
