using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Cli;

public sealed class TagSelectionTests
{
    private static readonly Scenario Slow = Tagged("slow", "upnp");
    private static readonly Scenario Upnp = Tagged("upnp");
    private static readonly Scenario Untagged = Tagged();

    [Test]
    public void LeftOut_NoTagsGiven_LeavesOutOnlySlowScenariosFoundInFolders()
    {
        var tags = new TagSelection([], []);

        Assert.That(tags.LeftOut(Upnp, namedFile: false), Is.Null);
        Assert.That(tags.LeftOut(Untagged, namedFile: false), Is.Null);
        Assert.That(tags.LeftOut(Slow, namedFile: false), Is.EqualTo(new TagExclusion("tagged slow", "add --tag slow to play")));
        Assert.That(tags.LeftOut(Slow, namedFile: true), Is.Null, "a file named on the command line always plays");
    }

    [Test]
    public void LeftOut_TagSlow_PlaysSlowScenariosFromFolders()
    {
        Assert.That(new TagSelection(["slow"], []).LeftOut(Slow, namedFile: false), Is.Null);
    }

    [Test]
    public void LeftOut_AnotherTag_StillLeavesOutSlowScenariosWithIt()
    {
        var tags = new TagSelection(["upnp"], []);

        Assert.That(tags.LeftOut(Upnp, namedFile: false), Is.Null);
        Assert.That(tags.LeftOut(Slow, namedFile: false)!.What, Is.EqualTo("tagged slow"));
        Assert.That(tags.LeftOut(Untagged, namedFile: false)!.What, Is.EqualTo("without the tag upnp"));
    }

    [Test]
    public void LeftOut_SeveralTags_PlayScenariosWithAnyOfThem()
    {
        var tags = new TagSelection(["pcp", "upnp"], []);

        Assert.That(tags.LeftOut(Upnp, namedFile: false), Is.Null);
        Assert.That(tags.LeftOut(Tagged("pcp"), namedFile: false), Is.Null);
        Assert.That(tags.LeftOut(Tagged("natpmp"), namedFile: false)!.What, Is.EqualTo("without the tags pcp or upnp"));
    }

    [Test]
    public void LeftOut_SkipTag_LeavesOutScenariosWithAny_EvenNamedFiles()
    {
        var tags = new TagSelection([], ["natpmp", "upnp"]);

        Assert.That(tags.LeftOut(Upnp, namedFile: true), Is.EqualTo(new TagExclusion("tagged upnp", "drop --skip-tag upnp to play")));
        Assert.That(tags.LeftOut(Untagged, namedFile: false), Is.Null);
    }

    [Test]
    public void Problems_NotATagOrBothWantedAndSkipped_AreEachReported()
    {
        var problems = new TagSelection(["UPnP", "slow"], ["slow"]).Problems();

        Assert.That(problems, Is.EqualTo(new[]
        {
            "--tag 'UPnP' is not a tag; tags are lowercase words of a-z, 0-9 and '-'",
            "--tag slow and --skip-tag slow contradict each other",
        }));
    }

    private static Scenario Tagged(params string[] tags) =>
        new() { Name = string.Join('-', tags.Prepend("s")), Duration = TimeSpan.FromSeconds(1), Tags = tags };
}
