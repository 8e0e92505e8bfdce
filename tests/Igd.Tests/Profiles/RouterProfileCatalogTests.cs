using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Tests.Profiles;

public sealed class RouterProfileCatalogTests
{
    [Test]
    public void BuiltIn_HasStandardAndMiniupnpd()
    {
        Assert.That(RouterProfileCatalog.BuiltIn.Keys, Is.SupersetOf(new[] { "standard", "miniupnpd" }));
        Assert.That(RouterProfileCatalog.Standard.IgdVersion, Is.EqualTo(2));
        var mini = RouterProfileCatalog.BuiltIn["miniupnpd"];
        Assert.That(mini.SecureMode, Is.True);
        Assert.That(mini.IdleCleanup, Is.EqualTo(new IdleCleanupPolicy { IntervalSeconds = 600, Threshold = 20 }));
        Assert.That(mini.Reboot.NewHttpPort, Is.True);
    }

    [Test]
    public void Parse_UnknownKey_ReportsFileLineAndColumn()
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\nigdVersion: 2\nbogus: 1\n", "my.yaml"));
        Assert.That(error!.Message, Does.StartWith("my.yaml:3:1:"));
    }

    [Test]
    public void Parse_TabIndentOrUnclosedBrace_SaysSoAtItsLineWithoutParserJargon()
    {
        var tab = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\nigdVersion: 2\nleases:\n\tmaxSeconds: 5\n", "tab.yaml"));
        var brace = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\nleases: { maxSeconds: 5\n", "brace.yaml"));

        Assert.That(tab!.Message, Is.EqualTo("tab.yaml:4:1: YAML syntax: a tab in the indentation; YAML indents with spaces only"));
        Assert.That(brace!.Message, Is.EqualTo("brace.yaml:2:9: YAML syntax: unclosed '{': no '}' closes it"));
    }

    // Found by RouterProfileYamlFuzzTests: a key without a value deserialized to null, and validation threw
    // NullReferenceException instead of reporting the file.
    [TestCase("portControl:", "portControl")]
    [TestCase("soap: ~", "soap")]
    [TestCase("description: { connectionServices: }", "description.connectionServices")]
    [TestCase("manufacturer:", "manufacturer")]
    public void Parse_KeyWithoutValue_SaysWhichKey(string line, string key)
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse($"kind: profile\nigdVersion: 2\n{line}\n", "empty.yaml"));
        Assert.That(error!.Message, Is.EqualTo($"empty.yaml: {key}: must have a value (leave the key out for the default)"));
    }

    // Found by RouterProfileYamlFuzzTests: the value quoted in YamlDotNet's message kept its line break, so one problem
    // took two lines of the report and the second named no file.
    [Test]
    public void Parse_MultiLineValueOfTheWrongType_IsOneLine()
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\nsecureMode: true\n\n Debian's x\n", "multi.yaml"));
        Assert.That(error!.Message, Is.EqualTo("multi.yaml:2:13: The value \"true\\nDebian's x\" is not a valid YAML Boolean"));
    }

    [Test]
    public void Parse_InvalidMultiLineValue_IsOneLine()
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\ndiscovery:\n  replySourceAddress: \"a\\nb\"\n", "multi.yaml"));
        Assert.That(error!.Message, Is.EqualTo("multi.yaml: discovery.replySourceAddress: must be an IPv4 address, not 'a\\nb'"));
    }

    [Test]
    public void Parse_InvalidValues_ReportsEveryProblem()
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\nigdVersion: 3\nmaxMappings: 0\n", "bad.yaml"));
        Assert.That(error!.Message, Does.Contain("igdVersion").And.Contain("maxMappings"));
    }

    [Test]
    public void Parse_JsonProfile_IsAccepted()
    {
        var profile = RouterProfileCatalog.Parse(
            """{"name": "json-router", "igdVersion": 1, "wanSide": "cgnat", "closedPorts": "silent", "leases": {"permanentOnly": true}}""",
            "r.json");
        Assert.That(profile.IgdVersion, Is.EqualTo(1));
        Assert.That(profile.WanSide, Is.EqualTo(WanSide.Cgnat));
        Assert.That(profile.ClosedPorts, Is.EqualTo(ClosedPortBehaviour.Silent));
        Assert.That(profile.Leases.PermanentOnly, Is.True);
    }

    [Test]
    public void Resolve_UnknownName_ListsBuiltIns()
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Resolve("no-such-router"));
        Assert.That(error!.Message, Does.Contain("miniupnpd").And.Contain("standard"));
    }

    [Test]
    public void Resolve_File_LoadsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"igdlab-profile-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: file-router\nigdVersion: 1\n");
        try
        {
            Assert.That(RouterProfileCatalog.Resolve(path).Name, Is.EqualTo("file-router"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
