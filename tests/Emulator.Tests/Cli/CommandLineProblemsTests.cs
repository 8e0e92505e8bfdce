using IgdLab.Emulator.Cli;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>The real <c>igdlab</c> command tree parsing command lines in process, and the problems worded from them.</summary>
public sealed class CommandLineProblemsTests
{
    [Test]
    public void Describe_UnknownOptionAfterAPath_IsAnUnknownOptionNotAMissingFile()
    {
        var problems = Problems("run", "x.yaml", "--bogus");

        Assert.That(problems, Is.EqualTo(new[] { "igdlab run: unknown option '--bogus'; see 'igdlab run --help'" }));
    }

    [Test]
    public void Describe_MisspelledOptionWithValue_OneProblemWithTheOptionMeant()
    {
        var problems = Problems("run", "scenarios", "--paralel", "2");

        Assert.That(problems, Is.EqualTo(new[] { "igdlab run: unknown option '--paralel'; did you mean '--parallel'?" }));
    }

    [TestCase("validate", "x.yaml", "--strict", ExpectedResult = "igdlab validate: unknown option '--strict'; see 'igdlab validate --help'")]
    [TestCase("serve", "--htp-port", "80", ExpectedResult = "igdlab serve: unknown option '--htp-port'; did you mean '--http-port'?")]
    [TestCase("profiles", "--verbose", ExpectedResult = "igdlab profiles: unknown option '--verbose'; see 'igdlab profiles --help'")]
    [TestCase("prober", "--probe-intervall", "1s", ExpectedResult = "igdlab prober: unknown option '--probe-intervall'; did you mean '--probe-interval'?")]
    [TestCase("upnp", "list", "--gatway", "10.0.0.1", ExpectedResult = "igdlab upnp list: unknown option '--gatway'; did you mean '--gateway'?")]
    [TestCase(
        "device", "--id", "a", "--key", "k", "--prober", "http://127.0.0.1:1", "--service-port", "1", "--stratgy", "renew",
        ExpectedResult = "igdlab device: unknown option '--stratgy'; did you mean '--strategy'?")]
    public string Describe_UnknownOption_OnEverySubcommand_NamesItAndTheLikelyOne(params string[] args) =>
        Problems(args).Single();

    [TestCase("0/4", ExpectedResult = "igdlab run: --shard 0/4: shards are counted from 1 to 4")]
    [TestCase("5/4", ExpectedResult = "igdlab run: --shard 5/4: shards are counted from 1 to 4")]
    [TestCase("x", ExpectedResult = "igdlab run: --shard must be i/n, shard i of n counted from 1 (e.g. 2/4), not 'x'")]
    public string Describe_BadShard_SaysWhatShardTakes(string value) =>
        Problems("run", "scenarios", "--shard", value).Single();

    [TestCase("--shards", "2/4", ExpectedResult = "igdlab run: unknown option '--shards'; did you mean '--shard'?")]
    [TestCase("--skiptag", "slow", ExpectedResult = "igdlab run: unknown option '--skiptag'; did you mean '--skip-tag'?")]
    [TestCase("--filtre", "a*", ExpectedResult = "igdlab run: unknown option '--filtre'; did you mean '--filter'?")]
    public string Describe_MisspelledSuiteOption_SuggestsIt(string option, string value) =>
        Problems("run", "scenarios", option, value).Single();

    [Test]
    public void Parse_SuiteOptions_AreRepeatableAndTyped()
    {
        var result = IgdlabCommandLine.Create().Parse(["run", "scenarios", "--tag", "upnp", "--tag", "pcp", "--skip-tag", "slow", "--filter", "a*", "--filter", "b?", "--shard", "2/4", "--list"]);

        Assert.That(CommandLineProblems.Describe(result), Is.Empty);
        Assert.That(result.GetValue<string[]>("--tag"), Is.EqualTo(new[] { "upnp", "pcp" }));
        Assert.That(result.GetValue<string[]>("--filter"), Is.EqualTo(new[] { "a*", "b?" }));
        Assert.That(result.GetValue<IgdLab.Emulator.Running.RunShard?>("--shard"), Is.EqualTo(new IgdLab.Emulator.Running.RunShard(2, 4)));
        Assert.That(result.GetValue<bool>("--list"), Is.True);
    }

    [Test]
    public void Describe_UnknownNetwork_SaysWhatItTakes_AndSuggests()
    {
        Assert.That(
            Problems("run", "scenarios", "--network", "simulted"),
            Is.EqualTo(new[] { "igdlab run: --network 'simulted' is not a network; it takes sockets or simulated; did you mean 'simulated'?" }));
        Assert.That(IgdlabCommandLine.Create().Parse(["run", "scenarios", "--network", "simulated"]).GetValue<IgdLab.Emulator.Scenarios.WorldNetwork?>("--network"),
            Is.EqualTo(IgdLab.Emulator.Scenarios.WorldNetwork.Simulated));
    }

    [Test]
    public void Describe_IntegerOptionGivenText_SaysItMustBeAnInteger()
    {
        Assert.That(Problems("run", "x.yaml", "--seed", "abc"), Is.EqualTo(new[] { "igdlab run: --seed must be an integer, not 'abc'" }));
        Assert.That(Problems("upnp", "add", "--internal-port", "80", "--lease", "-1").Single(), Does.StartWith("igdlab upnp add: --lease must be a whole number"));
    }

    [TestCase("upnp", "status", "--timeout", "soon", ExpectedResult = "igdlab upnp status: --timeout must be a duration such as 300ms, 2s or 1.5m, not 'soon'")]
    [TestCase("prober", "--probe-interval", "5x", ExpectedResult = "igdlab prober: --probe-interval must be a duration such as 300ms, 2s or 1.5m, not '5x'")]
    [TestCase("serve", "--lan-ip", "router", ExpectedResult = "igdlab serve: --lan-ip must be an IP address such as 192.168.1.10, not 'router'")]
    [TestCase("upnp", "list", "--gateway", "router", ExpectedResult = "igdlab upnp list: --gateway must be an IP address such as 192.168.1.10, not 'router'")]
    [TestCase("upnp", "delete", "--external-port", "80", "--protocol", "SCTP", ExpectedResult = "igdlab upnp delete: --protocol must be TCP or UDP, not 'SCTP'")]
    [TestCase("serve", "--http-port", "eighty", ExpectedResult = "igdlab serve: --http-port must be an integer, not 'eighty'")]
    public string Describe_TypedOptionGivenBadText_SaysWhatItMustBe(params string[] args) =>
        Problems(args).Single();

    [Test]
    public void Describe_EveryBadOption_IsReportedTogether()
    {
        var problems = Problems("serve", "--http-port", "abc", "--lan-ip", "foo", "--bogus");

        Assert.That(problems, Has.Count.EqualTo(3));
    }

    [Test]
    public void Describe_OptionWithoutValueOrGivenTwice_SaysSo()
    {
        Assert.That(Problems("run", "x.yaml", "--seed"), Is.EqualTo(new[] { "igdlab run: --seed needs a value: an integer" }));
        Assert.That(Problems("run", "x.yaml", "--seed", "1", "--seed", "2"), Is.EqualTo(new[] { "igdlab run: --seed is given more than once" }));
        Assert.That(Problems("upnp", "delete"), Is.EqualTo(new[] { "igdlab upnp delete: --external-port is required" }));
    }

    [Test]
    public void Describe_RunWithoutPath_NamesWhatIsMissing()
    {
        Assert.That(Problems("run").Single(), Does.StartWith("igdlab run: PATH is missing (scenario files, or folders"));
    }

    [Test]
    public void Describe_PathAfterDoubleDash_IsAPathEvenWithADash()
    {
        Assert.That(Problems("run", "--", "-odd-name.yaml"), Is.Empty);
    }

    [Test]
    public void Describe_ValidCommandLines_HaveNoProblems()
    {
        Assert.That(Problems("run", "scenarios", "--parallel", "2", "--seed", "-5", "--plain"), Is.Empty);
        Assert.That(Problems("upnp", "add", "--internal-port", "80", "--protocol", "udp", "--internal-client", "::1", "--timeout", "1.5s"), Is.Empty);
    }

    [Test]
    public void Describe_UnknownCommand_SuggestsTheCommandMeant()
    {
        Assert.That(Problems("rn", "x.yaml"), Is.EqualTo(new[] { "igdlab: unknown command 'rn'; did you mean 'run'?" }));
        Assert.That(Problems("upnp", "lst"), Is.EqualTo(new[] { "igdlab upnp: unknown command 'lst'; did you mean 'list'?" }));
        Assert.That(Problems("serve", "extra"), Is.EqualTo(new[] { "igdlab serve: unexpected argument 'extra'; see 'igdlab serve --help'" }));
    }

    [Test]
    public void OnlyLacksSubcommand_BareIgdlabOrCommandGroup_IsTrue_UnknownCommandIsNot()
    {
        Assert.That(CommandLineProblems.OnlyLacksSubcommand(IgdlabCommandLine.Create().Parse([])), Is.True);
        Assert.That(CommandLineProblems.OnlyLacksSubcommand(IgdlabCommandLine.Create().Parse(["upnp"])), Is.True);
        Assert.That(CommandLineProblems.OnlyLacksSubcommand(IgdlabCommandLine.Create().Parse(["bogus"])), Is.False);
    }

    private static IReadOnlyList<string> Problems(params string[] args) =>
        CommandLineProblems.Describe(IgdlabCommandLine.Create().Parse(args));
}
