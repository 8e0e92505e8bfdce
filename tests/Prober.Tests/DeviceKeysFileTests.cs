using System.Text;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests;

public sealed class DeviceKeysFileTests
{
    [Test]
    public void Parse_IdAndKeyALine_SkippingBlankLinesAndComments()
    {
        var (keys, problems) = DeviceKeysFile.Parse("keys", ["# fleet A", "", "nas secret", "  cam-1\tkey with spaces  ", "gerät-7 schlüssel"]);

        Assert.That(problems, Is.Empty);
        Assert.That(keys.Keys, Is.EquivalentTo(new[] { "nas", "cam-1", "gerät-7" }));
        Assert.That(Encoding.UTF8.GetString(keys["cam-1"]), Is.EqualTo("key with spaces"), "the key runs to the end of the line, trimmed");
        Assert.That(keys["gerät-7"], Is.EqualTo(Encoding.UTF8.GetBytes("schlüssel")));
    }

    [Test]
    public void Parse_EveryBadLine_IsReportedWithFileLineAndColumn()
    {
        var (_, problems) = DeviceKeysFile.Parse("/etc/igdlab/keys", ["nas secret", "  tv", "nas again", new string('x', 129) + " k"]);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "/etc/igdlab/keys:2:5: 'tv' has no key: a line is ID KEY",
            "/etc/igdlab/keys:3:1: 'nas' is given a second time",
            $"/etc/igdlab/keys:4:1: '{new string('x', 129)}' is not a device id: 1-128 printable characters without spaces",
        }));
    }

    [Test]
    public void Read_AMissingFile_IsAProblemNamingIt()
    {
        var (keys, problems) = DeviceKeysFile.Read("/nonexistent-igdlab/keys");

        Assert.That(keys, Is.Empty);
        Assert.That(problems.Single(), Does.StartWith("/nonexistent-igdlab/keys: "));
    }

    [Test]
    public void Compare_NamesAddedChangedAndRemovedIds()
    {
        var before = new Dictionary<string, byte[]> { ["nas"] = [1], ["tv"] = [2], ["cam"] = [3] };
        var after = new Dictionary<string, byte[]> { ["nas"] = [1], ["tv"] = [9], ["pc"] = [4] };

        var changes = DeviceKeysFile.Compare(before, after);

        Assert.That(changes.Added, Is.EqualTo(new[] { "pc" }));
        Assert.That(changes.Changed, Is.EqualTo(new[] { "tv" }));
        Assert.That(changes.Removed, Is.EqualTo(new[] { "cam" }));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ReadableByOthers_FollowsTheFilesMode()
    {
        using var folder = new TempFolder("igdlab-keys-");
        var path = folder.Write("keys", "nas secret\n");

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.That(DeviceKeysFile.ReadableByOthers(path), Is.False);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.That(DeviceKeysFile.ReadableByOthers(path), Is.True);
    }
}
