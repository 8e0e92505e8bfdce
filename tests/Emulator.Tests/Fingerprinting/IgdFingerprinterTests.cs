using System.Net;
using IgdLab.Emulator.Fingerprinting;
using IgdLab.Igd;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Fingerprinting;

/// <summary>The fingerprinter against virtual routers on loopback: what it detects must be what the profile says.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.Children)]
public sealed class IgdFingerprinterTests
{
    private static readonly RouterProfile Standard = RouterProfileCatalog.Standard;

    /// <summary>How to read each detectable key from a profile, for comparing the draft with the truth.</summary>
    private static readonly Dictionary<string, Func<RouterProfile, object?>> Keys = new()
    {
        [FingerprintKeys.IgdVersion] = p => p.IgdVersion,
        [FingerprintKeys.FriendlyName] = p => p.FriendlyName,
        [FingerprintKeys.Manufacturer] = p => p.Manufacturer,
        [FingerprintKeys.ModelName] = p => p.ModelName,
        [FingerprintKeys.ServerHeader] = p => p.ServerHeader,
        [FingerprintKeys.WanSide] = p => p.WanSide,
        [FingerprintKeys.SecureMode] = p => p.SecureMode,
        [FingerprintKeys.SecureModeErrorCode] = p => p.SecureModeErrorCode,
        [FingerprintKeys.MisadvertisedService] = p => p.Description.MisadvertisedService,
        [FingerprintKeys.ExternalAddress] = p => p.ExternalAddress,
        [FingerprintKeys.ConflictErrorCode] = p => p.EffectiveConflictErrorCode,
        [FingerprintKeys.EndOfListErrorCode] = p => p.EffectiveEndOfListErrorCode,
        [FingerprintKeys.CaseSensitiveProtocol] = p => p.CaseSensitiveProtocol,
        [FingerprintKeys.LeaseMaxSeconds] = p => p.Leases.MaxSeconds,
        [FingerprintKeys.LeasePermanentOnly] = p => p.Leases.PermanentOnly,
        [FingerprintKeys.LeaseRejectNonZero] = p => p.Leases.RejectNonZeroWith402,
        [FingerprintKeys.LeaseRejectZero] = p => p.Leases.RejectZeroWith402,
        [FingerprintKeys.LeaseOverride] = p => p.Leases.OverrideSeconds,
        [FingerprintKeys.ConnectionServices] = p => string.Join(",", p.Description.ConnectionServices),
        [FingerprintKeys.UrnDomain] = p => p.Description.UrnDomain,
        [FingerprintKeys.ControlUrls] = p => p.Description.ControlUrls,
        [FingerprintKeys.InvalidUtf8] = p => p.Description.InvalidUtf8,
        [FingerprintKeys.SoapActionCaseSensitive] = p => p.Soap.SoapActionCaseSensitive,
        [FingerprintKeys.LeadingWhitespace400] = p => p.Soap.LeadingWhitespace400,
        [FingerprintKeys.WrongProtocolEcho] = p => p.Soap.WrongProtocolEcho,
        [FingerprintKeys.EmptyClientEntries] = p => p.Soap.EmptyClientEntries,
        [FingerprintKeys.DeleteMissingSucceeds] = p => p.Soap.DeleteMissingSucceeds,
        [FingerprintKeys.UnicastSearch] = p => p.Discovery.UnicastSearch,
        [FingerprintKeys.ReplyDelay] = p => p.Discovery.ReplyDelay,
        [FingerprintKeys.WrongSourcePort] = p => p.Discovery.WrongSourcePort,
        [FingerprintKeys.ReplySourceAddress] = p => p.Discovery.ReplySourceAddress,
        [FingerprintKeys.DualIgd] = p => p.Discovery.DualIgd,
        [FingerprintKeys.OldStEcho] = p => p.Discovery.OldStEcho,
        [FingerprintKeys.SsdpAll] = p => p.Discovery.SsdpAll,
        [FingerprintKeys.OddHeaders] = p => p.Discovery.OddHeaders,
        [FingerprintKeys.NatPmp] = p => p.PortControl.NatPmp,
        [FingerprintKeys.Upnp] = p => p.PortControl.Upnp,
        [FingerprintKeys.Pcp] = p => p.PortControl.Pcp,
    };

    public static IEnumerable<TestCaseData> BuiltInProfiles() =>
        RouterProfileCatalog.BuiltIn.Values.Select(p => new TestCaseData(p, null).SetName($"RunAsync_BuiltIn_{p.Name}_DetectsItsKeysAndCleansUp"));

    public static IEnumerable<TestCaseData> QuirkProfiles()
    {
        TestCaseData Case(string name, RouterProfile profile, string? quirkKey) => new TestCaseData(profile with { Name = name }, quirkKey).SetName($"RunAsync_Quirk_{name}_DetectsItsKeysAndCleansUp");
        yield return Case("permanent-only", Standard with { Leases = new LeasePolicy { PermanentOnly = true } }, FingerprintKeys.LeasePermanentOnly);
        yield return Case("nonzero-402", Standard with { Leases = new LeasePolicy { RejectNonZeroWith402 = true } }, FingerprintKeys.LeaseRejectNonZero);
        yield return Case("zero-402", Standard with { Leases = new LeasePolicy { RejectZeroWith402 = true } }, FingerprintKeys.LeaseRejectZero);
        yield return Case("lease-overridden", Standard with { Leases = new LeasePolicy { OverrideSeconds = 86400 } }, FingerprintKeys.LeaseOverride);
        yield return Case("lease-ignored-short", Standard with { IgdVersion = 1, Leases = new LeasePolicy { OverrideSeconds = 5 } }, FingerprintKeys.LeaseOverride);
        yield return Case("max-7200", Standard with { Leases = new LeasePolicy { MaxSeconds = 7200 } }, FingerprintKeys.LeaseMaxSeconds);
        yield return Case("igd1", Standard with { IgdVersion = 1 }, FingerprintKeys.IgdVersion);
        yield return Case("query-control-url", Standard with { Description = new DescriptionPolicy { ControlUrls = ControlUrlStyle.Query } }, FingerprintKeys.ControlUrls);
        yield return Case("other-port", Standard with { Description = new DescriptionPolicy { ControlUrls = ControlUrlStyle.OtherPort } }, FingerprintKeys.ControlUrls);
        yield return Case("url-base-elsewhere", Standard with { Description = new DescriptionPolicy { ControlUrls = ControlUrlStyle.UrlBaseElsewhere } }, FingerprintKeys.ControlUrls);
        yield return Case("ppp-only", Standard with { Description = new DescriptionPolicy { ConnectionServices = [ConnectionService.Ppp] } }, FingerprintKeys.ConnectionServices);
        yield return Case("ip-and-ppp", Standard with { Description = new DescriptionPolicy { ConnectionServices = [ConnectionService.Ip, ConnectionService.Ppp] } }, FingerprintKeys.ConnectionServices);
        yield return Case("invalid-utf8", Standard with { Description = new DescriptionPolicy { InvalidUtf8 = true } }, FingerprintKeys.InvalidUtf8);
        yield return Case("delete-missing-200", Standard with { Soap = new SoapPolicy { DeleteMissingSucceeds = true } }, FingerprintKeys.DeleteMissingSucceeds);
        yield return Case("wrong-protocol-echo", Standard with { Soap = new SoapPolicy { WrongProtocolEcho = true } }, FingerprintKeys.WrongProtocolEcho);
        yield return Case("empty-client-entries", Standard with { Soap = new SoapPolicy { EmptyClientEntries = 2 } }, FingerprintKeys.EmptyClientEntries);
        yield return Case("soapaction-case", Standard with { Soap = new SoapPolicy { SoapActionCaseSensitive = true } }, FingerprintKeys.SoapActionCaseSensitive);
        yield return Case("leading-whitespace-400", Standard with { Soap = new SoapPolicy { LeadingWhitespace400 = true } }, FingerprintKeys.LeadingWhitespace400);
        yield return Case("end-of-list-501", Standard with { EndOfListErrorCode = 501 }, FingerprintKeys.EndOfListErrorCode);
        yield return Case("end-of-list-402", Standard with { EndOfListErrorCode = 402 }, FingerprintKeys.EndOfListErrorCode);
        yield return Case("conflict-501", Standard with { ConflictErrorCode = 501 }, FingerprintKeys.ConflictErrorCode);
        yield return Case("conflict-606", Standard with { SecureMode = true, ConflictErrorCode = 606 }, FingerprintKeys.SecureMode);
        yield return Case("secure-mode-718", Standard with { SecureMode = true, SecureModeErrorCode = 718 }, FingerprintKeys.SecureModeErrorCode);
        yield return Case("uppercase-protocol", Standard with { CaseSensitiveProtocol = true }, FingerprintKeys.CaseSensitiveProtocol);
        yield return Case("ext-ip-empty", Standard with { ExternalAddress = ExternalAddressReport.Empty }, FingerprintKeys.ExternalAddress);
        yield return Case("ext-ip-zero", Standard with { ExternalAddress = ExternalAddressReport.Zero }, FingerprintKeys.ExternalAddress);
        yield return Case("ext-ip-loopback", Standard with { ExternalAddress = ExternalAddressReport.Loopback }, FingerprintKeys.ExternalAddress);
        yield return Case("ext-ip-cgnat", Standard with { WanSide = WanSide.Cgnat }, FingerprintKeys.WanSide);
        yield return Case("slow-reply", Standard with { Discovery = new DiscoveryPolicy { ReplyDelay = SsdpReplyTiming.Slow } }, FingerprintKeys.ReplyDelay);
        yield return Case("multicast-only", Standard with { Discovery = new DiscoveryPolicy { UnicastSearch = false } }, null);
        yield return Case("odd-headers", Standard with { Discovery = new DiscoveryPolicy { OddHeaders = new OddHeaders { StatusLineTrailingSpace = true, EmptyServer = true, NonUuidUsn = true } } }, FingerprintKeys.OddHeaders);
        yield return Case("wrong-source-port", Standard with { Discovery = new DiscoveryPolicy { WrongSourcePort = true } }, FingerprintKeys.WrongSourcePort);
        yield return Case("dual-igd", Standard with { Discovery = new DiscoveryPolicy { DualIgd = true } }, FingerprintKeys.DualIgd);
        yield return Case("old-st-echo", Standard with { IgdVersion = 1, Discovery = new DiscoveryPolicy { OldStEcho = true } }, FingerprintKeys.OldStEcho);
        yield return Case("ssdp-all-non-igd", Standard with { Discovery = new DiscoveryPolicy { SsdpAll = SsdpAllAnswer.NonIgdOnly } }, FingerprintKeys.SsdpAll);
        yield return Case("no-natpmp", Standard with { PortControl = new PortControlPolicy { NatPmp = false } }, FingerprintKeys.NatPmp);
        yield return Case("no-pcp", Standard with { PortControl = new PortControlPolicy { Pcp = false } }, FingerprintKeys.Pcp);
    }

    [TestCaseSource(nameof(BuiltInProfiles))]
    [TestCaseSource(nameof(QuirkProfiles))]
    public async Task RunAsync_Profile_DetectedKeysEqualProfile(RouterProfile profile, string? quirkKey)
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, profile);
        var fingerprint = await new IgdFingerprinter(OptionsFor(gateway)).RunAsync(CancellationToken.None);
        TestContext.Out.WriteLine(FingerprintYaml.Write(fingerprint));

        Assert.Multiple(() =>
        {
            if (quirkKey is not null)
            {
                Assert.That(fingerprint.Detected, Does.Contain(quirkKey), "the quirk's own key is observed");
            }

            foreach (var key in fingerprint.Detected)
            {
                Assert.That(Keys.ContainsKey(key), Is.True, $"the test knows how to read {key}");
                Assert.That(Keys[key](fingerprint.Profile), Is.EqualTo(Keys[key](profile)), key);
            }

            Assert.That(gateway.Mappings, Is.Empty, "every probe mapping was deleted");
            Assert.That(fingerprint.Leftovers, Is.Empty);
            Assert.That(RouterProfileCatalog.Validate(fingerprint.Profile), Is.Empty);
        });
    }

    [Test]
    public async Task RunAsync_Standard_DetectsTheMappingKeys()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, Standard);
        var fingerprint = await new IgdFingerprinter(OptionsFor(gateway)).RunAsync(CancellationToken.None);
        Assert.That(
            fingerprint.Detected,
            Is.SupersetOf(new[]
            {
                FingerprintKeys.LeaseMaxSeconds, FingerprintKeys.ConflictErrorCode, FingerprintKeys.EndOfListErrorCode, FingerprintKeys.SecureMode,
                FingerprintKeys.WrongProtocolEcho, FingerprintKeys.CaseSensitiveProtocol, FingerprintKeys.DeleteMissingSucceeds,
                FingerprintKeys.SoapActionCaseSensitive, FingerprintKeys.LeadingWhitespace400, FingerprintKeys.ExternalAddress,
                FingerprintKeys.UnicastSearch, FingerprintKeys.NatPmp, FingerprintKeys.Pcp, FingerprintKeys.ControlUrls,
            }));
    }

    [Test]
    public async Task RunAsync_ProbeFailsMidway_DeletesWhatItMapped()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, Standard);
        // The table walk comes after every add; its calls time out, which ends the fingerprint with an error.
        await gateway.ApplyFaultAsync(new SoapDelay { SoapAction = UpnpActions.GetGenericPortMappingEntry, Delay = TimeSpan.FromSeconds(5) });
        var options = OptionsFor(gateway) with { Timeout = TimeSpan.FromMilliseconds(500) };

        Assert.That(async () => await new IgdFingerprinter(options).RunAsync(CancellationToken.None), Throws.InstanceOf<Exception>());
        Assert.That(gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task RunAsync_CancelledWhileMappingsExist_DeletesThemAnyway()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, Standard);
        // Holds the probe mappings in place long enough to cancel while they exist.
        await gateway.ApplyFaultAsync(new SoapDelay { SoapAction = UpnpActions.GetGenericPortMappingEntry, Delay = TimeSpan.FromMilliseconds(500) });
        using var cancel = new CancellationTokenSource();
        var run = new IgdFingerprinter(OptionsFor(gateway)).RunAsync(cancel.Token);

        await Eventually.HoldsAsync(() => gateway.Mappings.Count >= 3, "the probe mappings exist");
        await cancel.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task RunAsync_ProbePortTaken_RefusesAndLeavesTheMappingAlone()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, Standard);
        var options = OptionsFor(gateway);
        var other = LoopbackAddresses.Next();
        using (var client = new Device.Upnp.Soap.IgdSoapClient(gateway.ControlUrl, UpnpUrns.WanIpConnection2, new Device.Upnp.Soap.UpnpClientOptions { LocalAddress = other }))
        {
            await client.AddPortMappingAsync(new PortMappingEntry { ExternalPort = options.PortBase + 2, Protocol = MappingProtocol.Udp, InternalClient = other.ToString(), InternalPort = 80 });
        }

        Assert.That(async () => await new IgdFingerprinter(options).RunAsync(CancellationToken.None), Throws.TypeOf<FingerprintException>());
        Assert.That(gateway.Mappings.Single().InternalClient, Is.EqualTo(other));
    }

    [Test]
    public async Task Write_Fingerprint_ParsesAsProfileAndMarksUnknownKeys()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, Standard with { Leases = new LeasePolicy { PermanentOnly = true } });
        var fingerprint = await new IgdFingerprinter(OptionsFor(gateway)).RunAsync(CancellationToken.None);
        var yaml = FingerprintYaml.Write(fingerprint);

        var parsed = RouterProfileCatalog.Parse(yaml, "fingerprint");
        Assert.That(parsed, Is.EqualTo(fingerprint.Profile).Using<RouterProfile>((a, b) => RouterProfileYaml.Write(a) == RouterProfileYaml.Write(b)));
        Assert.That(yaml, Does.Contain("overrideSeconds: null  # not confirmed:"));
        Assert.That(parsed.Name, Is.EqualTo("fingerprint-standard-igd-2"));
        Assert.That(yaml, Does.Contain("# QueryStateVariable(ConnectionStatus) is answered"));
        Assert.That(yaml, Does.Contain("keepTable: false  # not confirmed: needs a reboot"));
    }

    [Test]
    public async Task Write_EveryLeafKey_IsObservedOrCommented()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System, Standard);
        var fingerprint = await new IgdFingerprinter(OptionsFor(gateway)).RunAsync(CancellationToken.None);
        var silent = new List<string>();
        var path = new List<(int Indent, string Key)>();
        foreach (var line in FingerprintYaml.Write(fingerprint).Split('\n'))
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
            var key = string.Join('.', path.Select(p => p.Key));
            var isParent = trimmed.EndsWith(':') && key != FingerprintKeys.ConnectionServices;
            if (!isParent && !line.Contains('#', StringComparison.Ordinal) && !fingerprint.Detected.Contains(key)
                && !key.StartsWith(FingerprintKeys.OddHeaders + ".", StringComparison.Ordinal) && key is not ("kind" or "name" or "summary"))
            {
                silent.Add(key);
            }
        }

        Assert.That(silent, Is.Empty, "keys written at a default without saying so");
    }

    private static IgdFingerprinterOptions OptionsFor(VirtualGateway gateway) => new()
    {
        DescriptionUrl = gateway.DescriptionUrl,
        InternalClient = LoopbackAddresses.Next(),
        SsdpEndPoint = gateway.SsdpEndPoint,
        PortControlEndPoint = gateway.PortControlEndPoint,
        SearchWindow = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(3),
    };
}
