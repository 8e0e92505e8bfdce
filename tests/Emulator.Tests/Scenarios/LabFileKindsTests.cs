using IgdLab.Emulator.Scenarios;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Scenarios;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LabFileKindsTests() : TempFolderFixture("igdlab-file-kinds-")
{
    [TestCase("home.profile.yaml")]
    [TestCase("HOME.Profile.YML")]
    [TestCase("home.profile.json")]
    public void Of_ProfileFileName_IsProfileWithoutReadingIt(string name)
    {
        Assert.That(LabFileKinds.Of(Folder.Combine(name)), Is.EqualTo(LabFileKind.Profile));
    }

    [Test]
    public void Of_TopLevelKindProfileAfterNestedKeys_IsProfile()
    {
        var file = Folder.Write("r.yaml", "name: r\nleases:\n  maxSeconds: 60\nportControl: { pcp: false }\n[complex, key]: 1\nkind: profile\n");

        Assert.That(LabFileKinds.Of(file), Is.EqualTo(LabFileKind.Profile));
    }

    [TestCase("name: s\nkind: scenario\n")]
    [TestCase("name: s\ndevices:\n  - id: cam\n    kind: profile\n")]
    [TestCase("name: s\nkind: [profile]\n")]
    [TestCase("- kind: profile\n")]
    [TestCase("")]
    public void Of_NoTopLevelKindProfile_IsScenario(string text)
    {
        var file = Folder.Write("s.yaml", text);

        Assert.That(LabFileKinds.Of(file), Is.EqualTo(LabFileKind.Scenario));
    }

    [Test]
    public void Of_BrokenYamlBeforeTheKind_IsScenarioSoTheLoaderReportsIt()
    {
        var file = Folder.Write("s.yaml", "name: s\ngateways: [ { id: gw1\nkind: profile\n");

        Assert.That(LabFileKinds.Of(file), Is.EqualTo(LabFileKind.Scenario));
    }

    [Test]
    public void Of_MissingFile_IsScenarioSoTheLoaderReportsIt()
    {
        Assert.That(LabFileKinds.Of(Folder.Combine("missing.yaml")), Is.EqualTo(LabFileKind.Scenario));
    }
}
