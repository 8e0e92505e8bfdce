using IgdLab.Emulator.Databases;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World.Namespaces;
using Spectre.Console;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab run PATH...</c>: loads every scenario (nothing runs when one is invalid), picks the runs asked for
/// (<see cref="RunSelection"/>: tags, <c>--filter</c>, <c>--shard</c>; <c>--list</c> prints them and stops), runs each — once per strategy
/// variant when it compares — in worlds of their own, several at once, with live progress, then prints the summary,
/// writes the requested reports and exits 0 (all passed), 1 (an expectation failed), 2 (invalid input) or 3 (testbed error).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Scenario files, or folders searched recursively for *.yaml and *.yml (router profile files there are skipped)",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<string?>("--json") { Description = "Write the full timeline and figures as JSON to this file" };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report (one testcase per scenario run) to this file" };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML report with an SVG timeline per scenario to this file" };
        var seed = new Option<int?>("--seed") { Description = "Replay with this seed instead of each scenario's own (or a random one)" };
        var variant = new Option<string?>("--variant") { Description = "Run only the compare: variant of this name (as the report's replay line does)" };
        var backend = new Option<string?>("--backend") { Description = "Run only on this entry of a scenario's backends: (virtual or miniupnpd), as the report's replay line does" };
        var network = new Option<WorldNetwork?>("--network")
        {
            Description = "Play every scenario on this network (sockets or simulated) instead of its own network: key; a real miniupnpd gateway cannot play on simulated and is skipped",
            HelpName = "sockets|simulated",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (ScenarioVocabulary.Networks.TryGetValue(text, out var parsed))
                {
                    return parsed;
                }

                result.AddError($"--network '{text}' is not a network; it takes {string.Join(" or ", ScenarioVocabulary.Networks.Keys)}{NameSuggester.Hint(text, [.. ScenarioVocabulary.Networks.Keys])}");
                return null;
            },
        };
        var parallel = new Option<int>("--parallel")
        {
            Description = "How many scenario runs at once (default: two per processor; runs mostly wait on their scenario clocks)",
            DefaultValueFactory = _ => RunSchedule.DefaultParallel(Environment.ProcessorCount),
        };
        var plain = new Option<bool>("--plain") { Description = "Print one line per finished run instead of live progress bars" };
        var list = new Option<bool>("--list") { Description = "Print the runs that would play (name, tags, estimated wall time) and play nothing" };
        var filter = new Option<string[]>("--filter")
        {
            Description = "Run only the runs whose scenario name or whole name (name [variant] on backend) matches this glob (* and ?); repeat for any of several",
            HelpName = "glob",
        };
        var tag = new Option<string[]>("--tag") { Description = "Run only the scenarios with this tag; repeat for any of several; --tag slow also plays slow scenarios found in folders", HelpName = "tag" };
        var skipTag = new Option<string[]>("--skip-tag") { Description = "Leave out the scenarios with this tag; repeatable", HelpName = "tag" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"A PostgreSQL connection string (a user that may create databases) for scenarios whose watchdog keeps its registry on PostgreSQL; each run gets a database of its own. Default: {PostgresServer.EnvironmentVariable}, else a private cluster of Debian's postgresql started for the run (as root)",
            HelpName = "connection",
        };
        var shard = new Option<RunShard?>("--shard")
        {
            Description = "Play only shard i of n (e.g. 2/4), split by scenario name, for n parallel CI jobs that together play everything once",
            HelpName = "i/n",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (RunShard.TryParse(text, out var parsed, out var problem))
                {
                    return parsed;
                }

                result.AddError(problem!);
                return null;
            },
        };
        var command = new Command("run", "Run scenario files; exit 0 all passed, 1 an expectation failed, 2 invalid input, 3 testbed error")
        {
            paths, json, junit, html, seed, variant, backend, network, parallel, plain, list, filter, tag, skipTag, shard, postgres,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new RunOptions(
                result.GetValue(paths) ?? [],
                result.GetValue(json),
                result.GetValue(junit),
                result.GetValue(html),
                result.GetValue(seed),
                result.GetValue(parallel),
                result.GetValue(plain) || Console.IsOutputRedirected)
            {
                Variant = result.GetValue(variant),
                Backend = result.GetValue(backend),
                Network = result.GetValue(network),
                List = result.GetValue(list),
                Filters = result.GetValue(filter) ?? [],
                Tags = result.GetValue(tag) ?? [],
                SkipTags = result.GetValue(skipTag) ?? [],
                Shard = result.GetValue(shard),
            };
            if (result.GetValue(postgres) is { } connection)
            {
                options = options with { Postgres = connection };
            }
            if (options.Parallel < 1)
            {
                await Console.Error.WriteLineAsync("igdlab run: --parallel must be at least 1");
                return ExitCodes.InvalidInput;
            }

            using var shutdown = new ShutdownSignal(cancellationToken);
            try
            {
                return await RunAsync(options, AnsiConsole.Console, Console.Out, shutdown.Token);
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("igdlab run: stopped; every world was torn down");
                return ExitCodes.TestbedError;
            }
        });
        return command;
    }

    internal static async Task<int> RunAsync(RunOptions options, IAnsiConsole console, TextWriter output, CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        var host = RunHost.Current(TimeProvider.System.GetUtcNow());
        var runs = RunSelection.Select(options, output);
        if (runs is null)
        {
            return ExitCodes.InvalidInput;
        }

        if (options.List)
        {
            RunListing.Write(runs, options.Shard, options.Parallel, output);
            return ExitCodes.Success;
        }

        await using var postgres = await PostgresForAsync(runs, options, output);
        if (postgres is not null)
        {
            runs = [.. runs.Select(r => NeedsPostgres(r) ? r with { Postgres = postgres } : r)];
        }

        var reports = options.Plain
            ? await RunPlainAsync(runs, options.Parallel, output, cancellationToken)
            : await RunWithProgressAsync(runs, options.Parallel, console, cancellationToken);
        var report = new RunReport(reports, Stopwatch.GetElapsedTime(began), CommandLine()) { Host = host, Shard = options.Shard };
        ConsoleSummary.Write(report, console);
        var written = WriteReports(report, options, output);

        // Last, after the report paths: CI and people read the verdict from the final line.
        ConsoleSummary.WriteClosingLine(report, console);
        if (!written)
        {
            return ExitCodes.TestbedError;
        }

        return report.Errors > 0 ? ExitCodes.TestbedError
            : report.Failed > 0 ? ExitCodes.ExpectationFailed
            : ExitCodes.Success;
    }

    /// <summary>Whether <paramref name="run"/> plays and keeps its watchdog's registry on PostgreSQL.</summary>
    internal static bool NeedsPostgres(RunSettings run) =>
        run.SkipReason is null && run.Scenario.Watchdog is { Enabled: true, Registry: WatchdogRegistry.Postgres };

    /// <summary>
    /// The server the runs that need one share: the one given, or a private cluster started now (the runs then fail
    /// with the reason, which is printed). Null when no run needs one.
    /// </summary>
    private static async Task<PostgresServer?> PostgresForAsync(List<RunSettings> runs, RunOptions options, TextWriter output)
    {
        if (!runs.Any(NeedsPostgres))
        {
            return null;
        }

        if (options.Postgres is { } given)
        {
            try
            {
                return PostgresServer.Given(given);
            }
            catch (ArgumentException ex)
            {
                output.WriteLine($"igdlab run: --postgres: {ex.Message}");
                return null;
            }
        }

        try
        {
            return await PostgresServer.StartPrivateAsync();
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine($"igdlab run: could not start a private PostgreSQL cluster: {ex.Message}");
            return null;
        }
    }

    private static async Task<List<ScenarioReport>> RunPlainAsync(List<RunSettings> runs, int parallel, TextWriter output, CancellationToken cancellationToken)
    {
        var reports = new ScenarioReport[runs.Count];
        var gate = new Lock();
        await Parallel.ForEachAsync(
            RunSchedule.StartOrder(runs),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var report = await RunOneAsync(runs[i], progress: null, ct);
                reports[i] = report;
                lock (gate)
                {
                    output.WriteLine(report.Verdict == ScenarioVerdict.Skipped
                        ? $"{FigureText.Verdict(report.Verdict)} {report.DisplayName}: {report.SkipReason}"
                        : string.Create(
                            CultureInfo.InvariantCulture,
                            $"{FigureText.Verdict(report.Verdict)} {report.DisplayName} (seed {report.Seed}, {CountText.Of(report.Figures.DeviceCount, "device")}, {CountText.Of(report.Figures.FaultCount, "fault")}) in {report.WallTime.TotalSeconds:0.0} s (set-up {report.SetUpTime.TotalSeconds:0.0} s)"));
                }
            });
        return [.. reports];
    }

    private static async Task<List<ScenarioReport>> RunWithProgressAsync(List<RunSettings> runs, int parallel, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var reports = new ScenarioReport[runs.Count];
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = runs.Select(r => context.AddTask(Markup.Escape($"{r.DisplayName} (seed {r.Seed})"), autoStart: false, maxValue: 1)).ToArray();
                await Parallel.ForEachAsync(
                    RunSchedule.StartOrder(runs),
                    new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                    async (i, ct) =>
                    {
                        var task = tasks[i];
                        task.StartTask();
                        string? latest = null;
                        var progress = new Progress<RunProgress>(p =>
                        {
                            // The latest event stays on the bar until the next one; the periodic ticks only move it.
                            latest = p.Notable is { } notable ? TimelineText.ProgressLine(notable) : latest;
                            task.Value = p.Duration > TimeSpan.Zero ? p.Elapsed / p.Duration : 1;
                            task.Description = Markup.Escape($"{runs[i].DisplayName}: {p.Phase}{(latest is { } m ? " - " + m : "")}");
                        });
                        var report = await RunOneAsync(runs[i], progress, ct);
                        reports[i] = report;
                        task.Value = 1;
                        task.Description = $"{report.Verdict switch { ScenarioVerdict.Passed => "[green]", ScenarioVerdict.Skipped => "[yellow]", _ => "[red]" }}{Markup.Escape($"{FigureText.Verdict(report.Verdict)} {report.DisplayName} (seed {report.Seed})")}[/]";
                        task.StopTask();
                    });
            });
        return [.. reports];
    }

    private static async Task<ScenarioReport> RunOneAsync(RunSettings settings, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        if (settings.SkipReason is { } reason)
        {
            return ScenarioReportBuilder.Skipped(settings, reason);
        }

        var began = Stopwatch.GetTimestamp();
        try
        {
            var result = await ScenarioRunner.RunAsync(settings, progress, cancellationToken: cancellationToken);
            return ScenarioReportBuilder.Build(result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A testbed failure of one scenario is reported as its error; the others still run.
            var message = ex is TestbedException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            return ScenarioReportBuilder.Error(settings, message, Stopwatch.GetElapsedTime(began));
        }
    }

    private static bool WriteReports(RunReport report, RunOptions options, TextWriter output)
    {
        var ok = true;
        foreach (var (path, writer) in new (string?, IReportWriter)[]
        {
            (options.Json, new JsonReportWriter()),
            (options.JUnit, new JUnitReportWriter()),
            (options.Html, new HtmlReportWriter()),
        })
        {
            if (path is null)
            {
                continue;
            }

            try
            {
                writer.Write(report, path);
                output.WriteLine($"report: {path}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"igdlab run: cannot write {path}: {ex.Message}");
                ok = false;
            }
        }

        return ok;
    }


    private static string CommandLine() => "igdlab " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
}

/// <summary>The options of one <c>igdlab run</c>.</summary>
internal sealed record RunOptions(
    IReadOnlyList<string> Paths, string? Json, string? JUnit, string? Html, int? Seed, int Parallel, bool Plain)
{
    /// <summary>The only <c>compare:</c> variant to run (<c>--variant</c>); null runs every variant.</summary>
    public string? Variant { get; init; }

    /// <summary>The only <c>backends:</c> entry to run (<c>--backend</c>); null runs every backend.</summary>
    public string? Backend { get; init; }

    /// <summary>The network every run plays on (<c>--network</c>); null plays each scenario on its own.</summary>
    public WorldNetwork? Network { get; init; }

    /// <summary>Print the runs that would play instead of playing them (<c>--list</c>).</summary>
    public bool List { get; init; }

    /// <summary>Globs on run names (<c>--filter</c>); a run matching any is kept; empty keeps every run.</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>Tags of which a scenario must have one to play (<c>--tag</c>); empty asks for none.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Tags whose scenarios are left out (<c>--skip-tag</c>).</summary>
    public IReadOnlyList<string> SkipTags { get; init; } = [];

    /// <summary>The only shard to play (<c>--shard i/n</c>); null plays everything.</summary>
    public RunShard? Shard { get; init; }

    /// <summary>
    /// The PostgreSQL server whose databases <c>watchdog: { registry: postgres }</c> runs use (<c>--postgres</c>, else
    /// <c>IGDLAB_POSTGRES</c>); null starts a private cluster when such a run plays.
    /// </summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable) is { Length: > 0 } given ? given : null;

    /// <summary>Why no private PostgreSQL cluster can be started here, or null; tests replace it to play a host without one.</summary>
    public Func<string?> MissingPostgresPrerequisite { get; init; } = PostgresServer.PrivateClusterUnavailable;

    /// <summary>What this host lacks for a real miniupnpd gateway, or null; tests replace it to play a host without root.</summary>
    public Func<string?> MissingMiniupnpdPrerequisite { get; init; } = MiniupnpdRouter.MissingPrerequisite;
}
