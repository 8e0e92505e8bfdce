using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World.Namespaces;
using Spectre.Console;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab run PATH...</c>: loads every scenario (nothing runs when one is invalid), runs each — once per strategy
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
        var parallel = new Option<int>("--parallel")
        {
            Description = "How many scenario runs at once",
            DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount),
        };
        var plain = new Option<bool>("--plain") { Description = "Print one line per finished run instead of live progress bars" };
        var command = new Command("run", "Run scenario files; exit 0 all passed, 1 an expectation failed, 2 invalid input, 3 testbed error")
        {
            paths, json, junit, html, seed, variant, backend, parallel, plain,
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
            };
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
        var runs = Load(options, output);
        if (runs is null)
        {
            return ExitCodes.InvalidInput;
        }

        var reports = options.Plain
            ? await RunPlainAsync(runs, options.Parallel, output, cancellationToken)
            : await RunWithProgressAsync(runs, options.Parallel, console, cancellationToken);
        var report = new RunReport(reports, Stopwatch.GetElapsedTime(began), CommandLine()) { Host = host };
        ConsoleSummary.Write(report, console);
        var written = WriteReports(report, options, output);
        if (!written)
        {
            return ExitCodes.TestbedError;
        }

        return report.Errors > 0 ? ExitCodes.TestbedError
            : report.Failed > 0 ? ExitCodes.ExpectationFailed
            : ExitCodes.Success;
    }

    // Every file is loaded before anything runs: one invalid file stops the whole run with every problem listed.
    private static List<RunSettings>? Load(RunOptions options, TextWriter output)
    {
        var files = ScenarioFiles.Load(options.Paths, output, ScenarioFileUse.Run);
        if (files.Invalid > 0)
        {
            output.WriteLine($"igdlab run: {CountText.Of(files.Invalid, "invalid scenario file")}; nothing was run");
            return null;
        }

        var runs = new List<RunSettings>();
        var unknownSelection = false;
        var missingMiniupnpd = new Lazy<string?>(options.MissingMiniupnpdPrerequisite);
        foreach (var (file, scenario) in files.Scenarios)
        {
            var seed = options.Seed ?? scenario.Seed ?? RandomNumberGenerator.GetInt32(1, int.MaxValue);
            var variants = VariantSelection.Select(scenario, options.Variant, out var problem);
            var backends = BackendSelection.Select(scenario, options.Backend, out var backendProblem);
            foreach (var message in new[] { problem, backendProblem }.OfType<string>())
            {
                output.WriteLine($"{file}: error: {message}");
                unknownSelection = true;
            }

            // Backend by backend, so that a scenario's runs on the virtual router and on the real daemon stand side by side.
            runs.AddRange(
                from backend in backends
                from variant in variants
                select Plan(new RunSettings { File = file, Scenario = scenario.On(backend), Seed = seed, Variant = variant, Backend = backend }));
        }

        // A real-router run on a host without namespaces or the daemon is skipped with the reason, not failed: the host lacks a tool.
        RunSettings Plan(RunSettings run) =>
            run.Scenario.Gateways.Any(g => g.Backend == GatewayBackend.Miniupnpd) && missingMiniupnpd.Value is { } missing
                ? run with { SkipReason = missing }
                : run;

        if (unknownSelection)
        {
            output.WriteLine("igdlab run: nothing was run");
            return null;
        }

        return runs;
    }

    private static async Task<List<ScenarioReport>> RunPlainAsync(List<RunSettings> runs, int parallel, TextWriter output, CancellationToken cancellationToken)
    {
        var reports = new ScenarioReport[runs.Count];
        var gate = new Lock();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, runs.Count),
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
                    Enumerable.Range(0, runs.Count),
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

    /// <summary>What this host lacks for a real miniupnpd gateway, or null; tests replace it to play a host without root.</summary>
    public Func<string?> MissingMiniupnpdPrerequisite { get; init; } = MiniupnpdRouter.MissingPrerequisite;
}
