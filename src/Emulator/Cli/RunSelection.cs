using System.Security.Cryptography;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// Which runs one <c>igdlab run</c> plays (or lists): every file is loaded first (one invalid file stops everything,
/// with every problem listed), then scenarios are picked by tag, runs by <c>--filter</c>, <c>--variant</c> and
/// <c>--backend</c>, and last by <c>--shard</c>, by scenario so that runs compared side by side stay together.
/// What tags leave out is said in one line per reason, with what would play it.
/// </summary>
internal static class RunSelection
{
    // Enough names to recognise the left-out ones without flooding a CI log.
    private const int NamesShown = 6;

    /// <summary>The runs to play, in file order; null when the input is invalid (the problems are written to <paramref name="output"/>).</summary>
    public static List<RunSettings>? Select(RunOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var tags = new TagSelection(options.Tags, options.SkipTags);
        var tagProblems = tags.Problems().ToList();
        if (tagProblems.Count > 0)
        {
            tagProblems.ForEach(problem => output.WriteLine($"igdlab run: {problem}"));
            return null;
        }

        var files = ScenarioFiles.Load(options.Paths, output, ScenarioFileUse.Run);
        if (files.Invalid > 0)
        {
            output.WriteLine($"igdlab run: {CountText.Of(files.Invalid, "invalid scenario file")}; nothing was run");
            return null;
        }

        var (played, leftOut) = ByTags(tags, files, options.Paths, output);
        if (played.Count == 0)
        {
            output.WriteLine("igdlab run: every scenario was left out by its tags; nothing was run");
            return null;
        }

        var filter = new RunNameFilter(options.Filters);
        if (!CheckFilter(filter, played, leftOut, output))
        {
            return null;
        }

        var runs = Runs(played, filter, options, output);
        if (runs is null || options.Shard is not { } shard)
        {
            return runs;
        }

        var inShard = runs.Where(r => shard.Holds(r.Scenario.Name)).ToList();
        if (inShard.Count == 0)
        {
            output.WriteLine($"shard {shard} has no runs");
        }

        return inShard;
    }

    // The scenarios the tags play and those they leave out; each group left out is named in one line with what plays it.
    private static (List<(string File, Scenario Scenario)> Played, List<(string File, Scenario Scenario)> LeftOut) ByTags(
        TagSelection tags, ScenarioFileSet files, IReadOnlyList<string> paths, TextWriter output)
    {
        NoteUnknownTags(tags, files, output);
        var named = paths.Where(File.Exists).ToHashSet(StringComparer.Ordinal);
        var played = new List<(string File, Scenario Scenario)>();
        var leftOut = new List<(TagExclusion Why, string File, Scenario Scenario)>();
        foreach (var (file, scenario) in files.Scenarios)
        {
            if (tags.LeftOut(scenario, named.Contains(file)) is { } why)
            {
                leftOut.Add((why, file, scenario));
            }
            else
            {
                played.Add((file, scenario));
            }
        }

        foreach (var group in leftOut.GroupBy(l => l.Why, l => l.Scenario.Name))
        {
            output.WriteLine(LeftOutLine(group.Key, [.. group]));
        }

        return (played, [.. leftOut.Select(l => (l.File, l.Scenario))]);
    }

    private static List<RunSettings>? Runs(List<(string File, Scenario Scenario)> played, RunNameFilter filter, RunOptions options, TextWriter output)
    {
        var runs = new List<RunSettings>();
        var unknownSelection = false;
        var missingMiniupnpd = new Lazy<string?>(options.MissingMiniupnpdPrerequisite);
        var missingPostgres = new Lazy<string?>(() => options.Postgres is null && options.MissingPostgresPrerequisite() is { } missing
            ? $"the watchdog's registry is on PostgreSQL, and no server was given (--postgres, IGDLAB_POSTGRES) nor can one be started here: {missing}"
            : null);
        foreach (var (file, scenario) in played)
        {
            // A scenario the filter leaves out entirely is not asked for --variant or --backend: those pick within what is kept.
            if (!EveryRun(file, scenario).Any(filter.Keeps))
            {
                continue;
            }

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
                let run = new RunSettings { File = file, Scenario = scenario.On(backend, options.Network), Seed = seed, Variant = variant, Backend = backend, Network = options.Network }
                where filter.Keeps(run)
                select Plan(run));
        }

        // A real-router run on a host without namespaces or the daemon is skipped with the reason, not failed: the host lacks a tool.
        RunSettings Plan(RunSettings run)
        {
            // The file was held to network: simulated by validation; --network sockets asks for a link that cannot be impaired.
            if (run.Scenario.ImpairsLinks && run.Scenario.Network != WorldNetwork.Simulated)
            {
                return run with { SkipReason = "--network sockets: links: and partitions impair the simulated network's WAN links; a kernel socket's link cannot be impaired" };
            }

            if (run.Scenario.Watchdog is { Enabled: true, Registry: WatchdogRegistry.Postgres } && missingPostgres.Value is { } noPostgres)
            {
                return run with { SkipReason = noPostgres };
            }

            if (!run.Scenario.Gateways.Any(g => g.Backend == GatewayBackend.Miniupnpd))
            {
                return run;
            }

            // The scenario file's own network: was held to this by validation; --network simulated asks for what cannot be.
            if (run.Scenario.Network == WorldNetwork.Simulated)
            {
                return run with { SkipReason = "--network simulated: a real miniupnpd talks through the kernel and cannot play on the simulated network" };
            }

            return missingMiniupnpd.Value is { } missing ? run with { SkipReason = missing } : run;
        }

        if (unknownSelection)
        {
            output.WriteLine("igdlab run: nothing was run");
            return null;
        }

        return runs;
    }

    // A filter that matches nothing at all is a mistake (a typo, a renamed scenario): CI must not pass by playing nothing.
    // One pattern of several that matches nothing is only noted.
    private static bool CheckFilter(
        RunNameFilter filter, List<(string File, Scenario Scenario)> played, List<(string File, Scenario Scenario)> leftOut, TextWriter output)
    {
        if (filter.KeepsAll)
        {
            return true;
        }

        var every = played.SelectMany(p => EveryRun(p.File, p.Scenario)).ToList();
        var everyLeftOut = leftOut.SelectMany(l => EveryRun(l.File, l.Scenario)).ToList();
        var names = every.Select(r => r.Scenario.Name).Concat(every.Select(r => r.DisplayName)).Distinct(StringComparer.Ordinal).ToList();
        var unmatched = filter.Patterns.Where(pattern => !every.Any(run => filter.Keeps(pattern, run))).ToList();
        var noMatch = unmatched.Count == filter.Patterns.Count;
        foreach (var pattern in unmatched)
        {
            var leftOutMatch = everyLeftOut.FirstOrDefault(run => filter.Keeps(pattern, run))?.Scenario.Name;
            var hint = leftOutMatch is not null ? $"; it matches '{leftOutMatch}', which its tags leave out"
                : NameSuggester.Suggest(pattern, names) is { } near ? $"; did you mean '{near}'?"
                : PartOfNames(pattern, every) is { } glob ? $"; did you mean '{glob}'? (a glob matches whole names)"
                : "; igdlab run --list PATH shows every run";
            output.WriteLine(noMatch ? $"igdlab run: --filter '{pattern}' matches no run{hint}" : $"igdlab run: note: --filter '{pattern}' matches no run{hint}");
        }

        if (noMatch)
        {
            output.WriteLine("igdlab run: nothing was run");
        }

        return !noMatch;
    }

    // A plain word that several names contain ("zombie") was most likely meant as a part of them: the glob *zombie* says so.
    private static string? PartOfNames(string pattern, IEnumerable<RunSettings> runs)
    {
        if (pattern.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return null;
        }

        var glob = $"*{pattern}*";
        var filter = new RunNameFilter([glob]);
        return runs.Any(filter.Keeps) ? glob : null;
    }

    // Every run a scenario has before --variant and --backend pick among them, for the filter to match against.
    private static IEnumerable<RunSettings> EveryRun(string file, Scenario scenario) =>
        from backend in scenario.Backends.Count == 0 ? [null] : scenario.Backends.Select(b => (GatewayBackend?)b)
        from variant in scenario.Compare.Count == 0 ? [null] : scenario.Compare.Select(v => (StrategyVariant?)v)
        select new RunSettings { File = file, Scenario = scenario.On(backend), Seed = 0, Variant = variant, Backend = backend };

    // A tag nobody carries is most likely a typo; it is noted rather than refused, since a CI line may outlive a tag.
    private static void NoteUnknownTags(TagSelection tags, ScenarioFileSet files, TextWriter output)
    {
        var known = files.Scenarios.SelectMany(s => s.Scenario.Tags).Append(ScenarioVocabulary.SlowTag).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var tag in tags.Given.Where(t => !known.Contains(t, StringComparer.Ordinal)))
        {
            output.WriteLine($"igdlab run: note: no scenario is tagged '{tag}'{NameSuggester.Hint(tag, known)}");
        }
    }

    private static string LeftOutLine(TagExclusion why, IReadOnlyList<string> names)
    {
        var shown = string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "");
        return $"left out {CountText.Of(names.Count, "scenario")} {why.What}: {shown} ({why.HowToPlay} {(names.Count == 1 ? "it" : "them")})";
    }
}
