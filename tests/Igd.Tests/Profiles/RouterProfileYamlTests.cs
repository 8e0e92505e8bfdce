using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Tests.Profiles;

public sealed class RouterProfileYamlTests
{
    private static IEnumerable<string> BuiltInNames => RouterProfileCatalog.BuiltIn.Keys.Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(BuiltInNames))]
    public void Write_BuiltInProfile_ParsesBackToAnEqualProfile(string name)
    {
        var original = RouterProfileCatalog.BuiltIn[name];

        var yaml = RouterProfileYaml.Write(original);
        var parsed = RouterProfileCatalog.Parse(yaml, $"{name}.yaml");

        // Written again: list members would compare by reference in the record's Equals, their text by value.
        Assert.That(RouterProfileYaml.Write(parsed), Is.EqualTo(yaml));
        Assert.That(parsed.Name, Is.EqualTo(name));
    }

    [Test]
    public void Write_Standard_WritesKindDefaultsAndUnsetKeysButNoComputedOnes()
    {
        var yaml = RouterProfileYaml.Write(RouterProfileCatalog.Standard);

        Assert.That(yaml, Does.StartWith("kind: profile\n"));
        Assert.That(yaml, Does.Contain("\n  announceClientWindowSeconds: 86400\n"), "a default the built-in file leaves out");
        Assert.That(yaml, Does.Contain("\nconflictErrorCode: null\n").And.Contain("\nidleCleanup: null\n"));
        Assert.That(yaml, Does.Not.Contain("effective"));
    }

    [Test]
    public void Write_ProfileWithYamlLookingText_QuotesItSoItParsesBack()
    {
        var profile = RouterProfileCatalog.Standard with { Name = "true", Summary = "~", FriendlyName = "a: b #c" };

        var parsed = RouterProfileCatalog.Parse(RouterProfileYaml.Write(profile), "quoted.yaml");

        Assert.That((parsed.Name, parsed.Summary, parsed.FriendlyName), Is.EqualTo(("true", "~", "a: b #c")));
    }

    [Test]
    public void Parse_KindProfile_IsAccepted()
    {
        var profile = RouterProfileCatalog.Parse("kind: profile\nname: kinded\nigdVersion: 1\n", "kinded.yaml");

        var plain = RouterProfileCatalog.Parse("name: kinded\nigdVersion: 1\n", "plain.yaml");
        Assert.That(RouterProfileYaml.Write(profile), Is.EqualTo(RouterProfileYaml.Write(plain)));
    }

    [Test]
    public void Parse_KindScenario_ReportsTheKeyAtItsLine()
    {
        var error = Assert.Throws<RouterProfileException>(() => RouterProfileCatalog.Parse("name: x\nkind: scenario\n", "k.yaml"));

        Assert.That(error!.Message, Is.EqualTo("k.yaml:2:1: kind: a router profile file says 'kind: profile', not 'scenario'"));
    }
}
