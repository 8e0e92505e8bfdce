using IgdLab.CliTestUtilities;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// <c>igdlab upnp fingerprint</c> against Debian's miniupnpd in the namespace testbed: the draft must parse, every
/// probe rule must be gone afterwards, and the differences from the built-in <c>miniupnpd</c> profile are printed.
/// </summary>
[Category("Interop")]
public sealed class FingerprintAgainstMiniupnpdTests
{
    [Test]
    public async Task Fingerprint_Miniupnpd_DraftParsesAndNoRuleIsLeft()
    {
        await using var bed = await MiniupnpdTestbed.StartAsync();
        var draftPath = Path.Combine(Path.GetTempPath(), $"igdlab-fingerprint-{Guid.NewGuid():N}.yaml");
        try
        {
            var result = await bed.Lan.ExecAsync(
                Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet",
                [
                    IgdlabProcess.DllPath, "upnp", "fingerprint", "--gateway", MiniupnpdTestbed.RouterLanAddress,
                    "--local-ip", MiniupnpdTestbed.LanHostAddress, "--internal-client", MiniupnpdTestbed.LanHostAddress, "--timeout", "3s", "--output", draftPath,
                ],
                TimeSpan.FromSeconds(90));
            TestContext.Out.WriteLine(result.StandardError);
            Assert.That(result.ExitCode, Is.Zero, result.Combined + bed.DaemonLog);

            var yaml = await File.ReadAllTextAsync(draftPath);
            var draft = RouterProfileCatalog.Parse(yaml, draftPath);
            Assert.That(await bed.NatRulesAsync(), Does.Not.Contain("dport 4100"), "every probe rule was deleted");

            TestContext.Out.WriteLine("differences from the built-in miniupnpd profile (key: built-in -> fingerprint):");
            foreach (var line in Differences(RouterProfileCatalog.BuiltIn["miniupnpd"], yaml))
            {
                TestContext.Out.WriteLine($"  {line}");
            }

            Assert.That(draft.IgdVersion, Is.EqualTo(2));
            Assert.That(draft.SecureMode, Is.True);
        }
        finally
        {
            File.Delete(draftPath);
        }
    }

    // Compares leaf lines of the two YAML texts key by key; the fingerprint's comments are kept for context.
    private static IEnumerable<string> Differences(RouterProfile builtIn, string fingerprintYaml)
    {
        var expected = Leaves(RouterProfileYaml.Write(builtIn));
        var actual = Leaves(fingerprintYaml);
        foreach (var (key, value) in actual)
        {
            var bare = value.Split("  #")[0];
            if (key is not ("name" or "summary") && expected.TryGetValue(key, out var want) && want != bare)
            {
                yield return $"{key}: {want} -> {value}";
            }
        }
    }

    private static Dictionary<string, string> Leaves(string yaml)
    {
        var leaves = new Dictionary<string, string>();
        var path = new List<(int Indent, string Key)>();
        foreach (var line in yaml.Split('\n'))
        {
            var trimmed = line.TrimStart(' ');
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (trimmed.StartsWith('#') || trimmed.StartsWith('-') || colon <= 0)
            {
                continue;
            }

            var indent = line.Length - trimmed.Length;
            path.RemoveAll(p => p.Indent >= indent);
            path.Add((indent, trimmed[..colon]));
            leaves[string.Join('.', path.Select(p => p.Key))] = trimmed[(colon + 1)..].Trim();
        }

        return leaves;
    }
}
