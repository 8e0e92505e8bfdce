using System.Xml.Linq;
using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Running;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>
/// <c>igdlab run</c> as a CI suite, in process: <c>--list</c>, <c>--filter</c>, <c>--tag</c>/<c>--skip-tag</c> with the
/// slow default, <c>--shard</c>, and the closing line after the report paths. Nothing here plays a world: lists play
/// nothing, and the runs that finish do so as skipped miniupnpd runs or in empty shards.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RunCommandSuiteTests() : TempFolderFixture("igdlab-suite-")
{
    private const string NoRoot = "the miniupnpd backend needs root (it creates network namespaces)";

    private const string Template = """
        name: NAME
        TAGS
        duration: 40s
        timeScale: 4
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
        """;

    private const string Compare = """

        compare:
          - name: watchdog
            strategy: watchdog
          - name: none
            strategy: none
        """;

    [Test]
    public async Task List_Folder_PrintsEachRunWithTagsAndWall_PlaysNothing_LeavesOutSlowWithAHint()
    {
        Write("alpha", "tags: [upnp, vendor]");
        Write("beta", "", Compare);
        Write("huge", "tags: [slow]");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { List = true });

        Assert.That(exit, Is.EqualTo(ExitCodes.Success), string.Join('\n', lines));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "left out 1 scenario tagged slow: huge (add --tag slow to play it)",
            "3 runs; wall = the scenario's duration / its timeScale, plus about 2.5 ms a device to set up, 1.5 ms on the simulated network (an estimate)",
            "RUN              TAGS         WALL",
            "alpha            upnp,vendor   10s",
            "beta [watchdog]  -             10s",
            "beta [none]      -             10s",
            "total wall 30s one run at a time",
        }));
    }

    [Test]
    public async Task List_InParallel_EstimatesTheTotalAtThatParallelism_AndCountsSetUpForLargeWorlds()
    {
        Write("alpha", "");
        Write("beta", "", Compare);
        Folder.Write("fleet.yaml", """
            name: fleet
            duration: 10s
            gateways: [{ id: home }]
            devices: [{ generate: 2000, gateway: home }]
            """);

        var (_, lines) = await RunAsync(Options(Folder.Path) with { List = true, Parallel = 2 });

        Assert.That(lines, Does.Contain("fleet            -      15s"), "10 s of scenario and about 5 s to set up 2,000 devices");
        Assert.That(lines[^1], Is.EqualTo("total wall 45s one run at a time, about 25s 2 at a time"), "fleet first, then each 10 s run on the slot that frees first");
    }

    [Test]
    public async Task List_TagSlow_PlaysSlowScenariosFromTheFolderToo()
    {
        Write("alpha", "");
        Write("huge", "tags: [slow]");

        var (_, lines) = await RunAsync(Options(Folder.Path) with { List = true, Tags = ["slow"] });

        Assert.That(Names(lines), Is.EqualTo(new[] { "huge" }));
        Assert.That(lines, Does.Contain("left out 1 scenario without the tag slow: alpha (name one of their tags with --tag, or give no --tag, to play it)"));
    }

    [Test]
    public async Task List_SlowFileNamedOnTheCommandLine_AlwaysPlays()
    {
        var huge = Write("huge", "tags: [slow]");

        var (_, lines) = await RunAsync(Options(huge) with { List = true });

        Assert.That(Names(lines), Is.EqualTo(new[] { "huge" }));
        Assert.That(lines, Has.None.StartsWith("left out"));
    }

    [Test]
    public async Task List_TagAndSkipTag_PickByTag_AndSayWhatIsLeftOut()
    {
        Write("alpha", "tags: [upnp]");
        Write("beta", "tags: [upnp, miniupnpd]");
        Write("gamma", "tags: [pcp]");
        Write("delta", "");

        var (_, lines) = await RunAsync(Options(Folder.Path) with { List = true, Tags = ["upnp", "pcp"], SkipTags = ["miniupnpd"] });

        Assert.That(Names(lines), Is.EqualTo(new[] { "alpha", "gamma" }));
        Assert.That(lines, Does.Contain("left out 1 scenario tagged miniupnpd: beta (drop --skip-tag miniupnpd to play it)"));
        Assert.That(lines, Does.Contain("left out 1 scenario without the tags upnp or pcp: delta (name one of their tags with --tag, or give no --tag, to play it)"));
    }

    [Test]
    public async Task List_TagNoScenarioHas_IsNotedWithTheLikelyOne()
    {
        Write("alpha", "tags: [upnp]");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { List = true, SkipTags = ["upnpp"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.Success));
        Assert.That(lines, Does.Contain("igdlab run: note: no scenario is tagged 'upnpp'; did you mean 'upnp'?"));
        Assert.That(Names(lines), Is.EqualTo(new[] { "alpha" }));
    }

    [Test]
    public async Task Run_EveryScenarioLeftOutByTags_Exits2()
    {
        Write("alpha", "tags: [upnp]");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { SkipTags = ["upnp"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(lines[^1], Is.EqualTo("igdlab run: every scenario was left out by its tags; nothing was run"));
    }

    [Test]
    public async Task Run_BadTagWords_Exit2_BeforeAnythingLoads()
    {
        var (exit, lines) = await RunAsync(Options(Folder.Combine("missing")) with { Tags = ["Slow"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(lines, Is.EqualTo(new[] { "igdlab run: --tag 'Slow' is not a tag; tags are lowercase words of a-z, 0-9 and '-'" }));
    }

    [Test]
    public async Task List_Filter_KeepsRunsMatchingTheScenarioOrTheWholeName_AnyOfSeveral()
    {
        Write("alpha", "");
        Write("beta", "", Compare);
        Write("gamma", "");

        var (_, lines) = await RunAsync(Options(Folder.Path) with { List = true, Filters = ["al*", "beta [n?ne]"] });

        Assert.That(Names(lines), Is.EqualTo(new[] { "alpha", "beta [none]" }));
    }

    [Test]
    public async Task List_FilterPicksTheScenario_VariantPicksWithinIt_OthersAreNotAskedForTheVariant()
    {
        Write("alpha", "");
        Write("beta", "", Compare);

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { List = true, Filters = ["beta"], Variant = "none" });

        Assert.That(exit, Is.EqualTo(ExitCodes.Success), string.Join('\n', lines));
        Assert.That(Names(lines), Is.EqualTo(new[] { "beta [none]" }));
    }

    [Test]
    public async Task Run_FilterMatchingNothing_Exits2_WithTheLikelyName()
    {
        Write("alpha", "");
        Write("beta", "", Compare);

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { Filters = ["alpah"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(lines, Is.EqualTo(new[] { "igdlab run: --filter 'alpah' matches no run; did you mean 'alpha'?", "igdlab run: nothing was run" }));
    }

    [Test]
    public async Task Run_FilterThatIsAPartOfSeveralNames_SuggestsTheGlob()
    {
        Write("zombie-mapping", "");
        Write("technicolor-zombie-mappings", "");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { Filters = ["zombi"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(lines[0], Is.EqualTo("igdlab run: --filter 'zombi' matches no run; did you mean '*zombi*'? (a glob matches whole names)"));
    }

    [Test]
    public async Task Run_FilterMatchingOnlyASlowScenario_SaysItsTagsLeaveItOut()
    {
        Write("alpha", "");
        Write("huge", "tags: [slow]");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { Filters = ["huge"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(lines, Does.Contain("igdlab run: --filter 'huge' matches no run; it matches 'huge', which its tags leave out"));
    }

    [Test]
    public async Task List_OneOfSeveralFiltersMatchingNothing_IsNoted()
    {
        Write("alpha", "");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { List = true, Filters = ["alpha", "zzz-nothing"] });

        Assert.That(exit, Is.EqualTo(ExitCodes.Success));
        Assert.That(lines, Has.Some.StartsWith("igdlab run: note: --filter 'zzz-nothing' matches no run"));
        Assert.That(Names(lines), Is.EqualTo(new[] { "alpha" }));
    }

    [Test]
    public async Task List_Shards_TogetherListEveryRunOnce_AndKeepAScenariosVariantsTogether()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta", "epsilon", "zeta" })
        {
            Write(name, "", Compare);
        }

        var (_, all) = await RunAsync(Options(Folder.Path) with { List = true });
        var shards = new List<string[]>();
        for (var i = 1; i <= 3; i++)
        {
            var (exit, lines) = await RunAsync(Options(Folder.Path) with { List = true, Shard = new RunShard(i, 3) });
            Assert.That(exit, Is.EqualTo(ExitCodes.Success));
            Assert.That(lines[0], Does.Contain($"in shard {i}/3"));
            shards.Add(Names(lines));
        }

        Assert.That(shards.SelectMany(s => s), Is.EquivalentTo(Names(all)));
        foreach (var shard in shards)
        {
            var scenarios = shard.Select(n => n.Split(' ')[0]).ToList();
            Assert.That(scenarios.GroupBy(s => s).Select(g => g.Count()), Is.All.EqualTo(2), "both variants of a scenario share its shard");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Run_EmptyShard_Exits0_SaysSo_WritesAJUnitReportNamingTheShard_ClosingLineLast(bool plain)
    {
        Write("alpha", "");
        var shard = new RunShard(new RunShard(1, 2).Holds("alpha") ? 2 : 1, 2);
        var junit = Folder.Combine("out", "junit.xml");

        var (exit, lines) = await RunAsync(Options(Folder.Path) with { Shard = shard, JUnit = junit, Plain = plain });

        Assert.That(exit, Is.EqualTo(ExitCodes.Success), string.Join('\n', lines));
        Assert.That(lines, Does.Contain($"shard {shard} has no runs"));
        Assert.That(lines[^2..], Is.EqualTo(new[] { $"report: {junit}", "0 passed, 0 failed" }));
        var suites = XDocument.Load(junit).Root!;
        Assert.That((string?)suites.Attribute("name"), Is.EqualTo($"igdlab scenarios, shard {shard}"));
        Assert.That((string?)suites.Element("testsuite")!.Attribute("name"), Is.EqualTo($"igdlab scenarios, shard {shard}"));
        Assert.That((string?)suites.Element("testsuite")!.Attribute("tests"), Is.EqualTo("0"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Run_ClosingLine_ComesAfterTheReportPaths_PlainAndWithProgress(bool plain)
    {
        var file = Write("real", "", "\nbackends: [miniupnpd]");
        string json = Folder.Combine("out", "r.json"), junit = Folder.Combine("out", "r.xml");

        var (exit, lines) = await RunAsync(Options(file) with { Json = json, JUnit = junit, Plain = plain, MissingMiniupnpdPrerequisite = () => NoRoot });

        Assert.That(exit, Is.EqualTo(ExitCodes.Success), string.Join('\n', lines));
        Assert.That(lines[^3..], Is.EqualTo(new[] { $"report: {json}", $"report: {junit}", "0 passed, 0 failed, 1 skipped" }));
    }

    private string Write(string name, string tags, string extra = "") =>
        Folder.Write($"{name}.yaml", Template.Replace("NAME", name, StringComparison.Ordinal).Replace("TAGS", tags, StringComparison.Ordinal) + extra);

    private static RunOptions Options(string path) =>
        new([path], Json: null, JUnit: null, Html: null, Seed: 1, Parallel: 1, Plain: true) { MissingMiniupnpdPrerequisite = () => null };

    // Output and summary on one writer, as on a terminal: the order of their lines is part of what is tested.
    private static async Task<(int Exit, string[] Lines)> RunAsync(RunOptions options)
    {
        using var output = new StringWriter();
        var exit = await RunCommand.RunAsync(options, PlainConsoles.To(output), output, CancellationToken.None);
        return (exit, [.. output.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
    }

    // The run names of a --list: the rows between the column heading and the total.
    private static string[] Names(IEnumerable<string> lines) =>
        [.. lines.SkipWhile(l => !l.StartsWith("RUN ", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("total wall", StringComparison.Ordinal))
            .Select(l => l.Split("  ")[0].Trim())];
}
