using System.Globalization;
using System.Net;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>
/// The probes that make mappings on ports PortBase … PortBase+5: lease handling, secure mode, the conflict and
/// end-of-list codes, wrong-protocol echo, protocol case and deleting a missing entry. Every mapping made is tracked
/// in <see cref="ProbeMappings"/>; the caller deletes them.
/// </summary>
internal sealed class MappingProbe(
    IgdSoapClient client, RawSoapClient raw, ProbeMappings made, FingerprintFindings findings, IPAddress self, int portBase, int igdVersion)
{
    private const uint Hour = 3600;
    private const uint OverMaximum = 604801;
    private const int AnyIndex = 65535;

    private static readonly string[] LeaseKeys =
    [
        FingerprintKeys.LeaseMaxSeconds, FingerprintKeys.LeasePermanentOnly, FingerprintKeys.LeaseRejectNonZero,
        FingerprintKeys.LeaseRejectZero, FingerprintKeys.LeaseOverride,
    ];

    private int Main => portBase;

    /// <summary>Runs the mapping probes; throws <see cref="FingerprintException"/> when a probe port is already mapped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EnsurePortsFreeAsync(cancellationToken);
        var hour = await TryAddAsync(portBase, self, Hour, cancellationToken);
        var zero = await TryAddAsync(portBase + 1, self, 0, cancellationToken);
        var over = hour.Code is null ? await TryAddAsync(portBase + 2, self, OverMaximum, cancellationToken) : default;
        if (hour.Code is not null && zero.Code is not null && hour.Code is not (725 or 402) && zero.Code != 402)
        {
            var why = $"AddPortMapping is refused with {hour.Code} whatever the lease";
            foreach (var key in LeaseKeys.Concat([FingerprintKeys.SecureMode, FingerprintKeys.SecureModeErrorCode, FingerprintKeys.ConflictErrorCode, FingerprintKeys.WrongProtocolEcho, FingerprintKeys.CaseSensitiveProtocol]))
            {
                findings.NotFound(key, why);
            }
        }
        else
        {
            Leases(hour, zero, over);
            var mainPort = hour.Code is null ? portBase : portBase + 1;
            var lease = hour.Code is null ? Hour : 0;
            if (hour.Code is null || zero.Code is null)
            {
                await SecureModeAndConflictAsync(mainPort, lease, cancellationToken);
                await WrongProtocolEchoAsync(mainPort, cancellationToken);
                await ProtocolCaseAsync(lease, cancellationToken);
            }
            else
            {
                foreach (var key in new[] { FingerprintKeys.SecureMode, FingerprintKeys.SecureModeErrorCode, FingerprintKeys.ConflictErrorCode, FingerprintKeys.WrongProtocolEcho, FingerprintKeys.CaseSensitiveProtocol })
                {
                    findings.NotFound(key, "no probe mapping could be made");
                }
            }
        }

        await DeleteMissingAsync(cancellationToken);
        await EndOfListAsync(cancellationToken);
    }

    private static bool Near(uint granted, uint requested) => Math.Abs((long)granted - requested) <= 2;

    // A lease read back is the remaining time, a second or two short of what was granted: round up to the minute.
    private static uint Snap(uint remaining) => remaining % 60 >= 58 ? remaining + 60 - (remaining % 60) : remaining;

    private async Task EnsurePortsFreeAsync(CancellationToken cancellationToken)
    {
        for (var port = portBase; port < portBase + 6; port++)
        {
            foreach (var protocol in new[] { MappingProtocol.Tcp, MappingProtocol.Udp })
            {
                if (await FindAsync(port, protocol, cancellationToken) is { } taken)
                {
                    throw new FingerprintException(
                        string.Create(CultureInfo.InvariantCulture, $"port {port}/{protocol.ToUpnp()} is already mapped (to {taken.InternalClient}:{taken.InternalPort}); choose another --port-base"));
                }
            }
        }
    }

    private async Task<AddAttempt> TryAddAsync(int port, IPAddress to, uint lease, CancellationToken cancellationToken)
    {
        var entry = new PortMappingEntry
        {
            ExternalPort = port,
            Protocol = MappingProtocol.Tcp,
            InternalClient = to.ToString(),
            InternalPort = port,
            LeaseSeconds = lease,
            Description = FingerprintDefaults.MappingDescription,
        };
        try
        {
            made.Track(port, MappingProtocol.Tcp);
            await client.AddPortMappingAsync(entry, cancellationToken);
        }
        catch (UpnpErrorException ex)
        {
            findings.Probed(string.Create(CultureInfo.InvariantCulture, $"AddPortMapping {port}/TCP -> {to} lease {lease}: UPnP {ex.Code}"));
            return new AddAttempt(ex.Code, null);
        }

        var readBack = await FindAsync(port, MappingProtocol.Tcp, cancellationToken);
        findings.Probed(string.Create(CultureInfo.InvariantCulture, $"AddPortMapping {port}/TCP -> {to} lease {lease}: granted, lease read back {readBack?.LeaseSeconds.ToString(CultureInfo.InvariantCulture) ?? "(entry missing)"}"));
        return new AddAttempt(null, readBack?.LeaseSeconds);
    }

    private void Leases(AddAttempt hour, AddAttempt zero, AddAttempt over)
    {
        findings.Found(FingerprintKeys.LeasePermanentOnly, p => p with { Leases = p.Leases with { PermanentOnly = hour.Code == 725 } });
        findings.Found(FingerprintKeys.LeaseRejectNonZero, p => p with { Leases = p.Leases with { RejectNonZeroWith402 = hour.Code == 402 } });
        findings.Found(FingerprintKeys.LeaseRejectZero, p => p with { Leases = p.Leases with { RejectZeroWith402 = zero.Code == 402 } });
        if (hour.Granted is { } g1 && over.Granted is { } g2)
        {
            if (!Near(g1, Hour) && Math.Abs((long)g1 - g2) <= 2)
            {
                var forced = Snap(Math.Max(g1, g2));
                findings.Found(FingerprintKeys.LeaseOverride, p => p with { Leases = p.Leases with { OverrideSeconds = forced } });
                findings.NotFound(FingerprintKeys.LeaseMaxSeconds, "every lease is overridden, so no cap shows");
                return;
            }

            findings.Found(FingerprintKeys.LeaseOverride, p => p with { Leases = p.Leases with { OverrideSeconds = null } });
            var cap = Snap(g2);
            findings.Found(FingerprintKeys.LeaseMaxSeconds, p => p with { Leases = p.Leases with { MaxSeconds = cap } });
            return;
        }

        if (zero.Granted is { } g0 && igdVersion >= 2)
        {
            // IGD:2 grants the maximum for 0; an override would look the same.
            var cap = Snap(g0);
            findings.Found(FingerprintKeys.LeaseMaxSeconds, p => p with { Leases = p.Leases with { MaxSeconds = cap } });
            findings.NotFound(FingerprintKeys.LeaseOverride, "only lease 0 was granted; an override would look like the cap");
            return;
        }

        findings.NotFound(FingerprintKeys.LeaseMaxSeconds, "no non-zero lease was granted");
        findings.NotFound(FingerprintKeys.LeaseOverride, "no non-zero lease was granted");
    }

    private async Task SecureModeAndConflictAsync(int mainPort, uint lease, CancellationToken cancellationToken)
    {
        var neighbour = Neighbour(self);
        var foreign = await TryAddAsync(portBase + 3, neighbour, lease, cancellationToken);
        bool secure;
        if (foreign.Code is null)
        {
            secure = false;
            findings.NotFound(FingerprintKeys.SecureModeErrorCode, "the router is not in secure mode");
        }
        else if (foreign.Code is 606 or 718)
        {
            secure = true;
        }
        else
        {
            findings.NotFound(FingerprintKeys.SecureMode, $"a mapping for another client on a free port got {foreign.Code}");
            findings.NotFound(FingerprintKeys.SecureModeErrorCode, $"a mapping for another client on a free port got {foreign.Code}");
            findings.NotFound(FingerprintKeys.ConflictErrorCode, $"a mapping for another client on a free port got {foreign.Code}");
            return;
        }

        findings.Found(FingerprintKeys.SecureMode, p => p with { SecureMode = secure });
        if (secure)
        {
            // Written only when it differs from what the IGD version implies (606 on IGD:2, 718 on IGD:1).
            var refusal = foreign.Code!.Value;
            findings.Found(
                FingerprintKeys.SecureModeErrorCode,
                p => p with { SecureModeErrorCode = refusal == (p with { SecureModeErrorCode = null }).EffectiveSecureModeErrorCode ? null : refusal });
            findings.NotFound(FingerprintKeys.ConflictErrorCode, $"secure mode answers {foreign.Code} to any other client before it looks for a conflict");
            return;
        }

        var conflict = await TryAddAsync(mainPort, neighbour, lease, cancellationToken);
        if (conflict.Code is { } code)
        {
            findings.Found(FingerprintKeys.ConflictErrorCode, p => p with { ConflictErrorCode = code });
        }
        else
        {
            findings.NotFound(FingerprintKeys.ConflictErrorCode, "the router gave another client's port away instead of refusing");
        }
    }

    private async Task WrongProtocolEchoAsync(int mainPort, CancellationToken cancellationToken)
    {
        var other = await FindAsync(mainPort, MappingProtocol.Udp, cancellationToken);
        findings.Probed($"GetSpecificPortMappingEntry {mainPort}/UDP (mapped for TCP only): {(other is null ? "714" : "answered")}");
        findings.Found(FingerprintKeys.WrongProtocolEcho, p => p with { Soap = p.Soap with { WrongProtocolEcho = other is not null } });
    }

    private async Task ProtocolCaseAsync(uint lease, CancellationToken cancellationToken)
    {
        var port = portBase + 4;
        made.Track(port, MappingProtocol.Tcp);
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        var answer = await raw.InvokeAsync(
            UpnpActions.AddPortMapping,
            [
                KeyValuePair.Create(UpnpArguments.NewRemoteHost, ""),
                KeyValuePair.Create(UpnpArguments.NewExternalPort, Text(port)),
                KeyValuePair.Create(UpnpArguments.NewProtocol, "tcp"),
                KeyValuePair.Create(UpnpArguments.NewInternalPort, Text(port)),
                KeyValuePair.Create(UpnpArguments.NewInternalClient, self.ToString()),
                KeyValuePair.Create(UpnpArguments.NewEnabled, "1"),
                KeyValuePair.Create(UpnpArguments.NewPortMappingDescription, FingerprintDefaults.MappingDescription),
                KeyValuePair.Create(UpnpArguments.NewLeaseDuration, Text(lease)),
            ],
            cancellationToken);
        findings.Probed($"AddPortMapping {port}/'tcp' (lowercase): {answer}");
        findings.Found(FingerprintKeys.CaseSensitiveProtocol, p => p with { CaseSensitiveProtocol = !answer.Succeeded });
        if (!answer.Succeeded)
        {
            findings.Note(FingerprintKeys.CaseSensitiveProtocol, $"lowercase 'tcp' got {answer}");
        }
    }

    private async Task DeleteMissingAsync(CancellationToken cancellationToken)
    {
        // The port was checked free of both protocols at the start and never mapped since.
        var port = portBase + 5;
        try
        {
            var deleted = await client.DeletePortMappingAsync(port, MappingProtocol.Udp, cancellationToken: cancellationToken);
            findings.Probed($"DeletePortMapping {port}/UDP (never mapped): {(deleted ? "200" : "714")}");
            findings.Found(FingerprintKeys.DeleteMissingSucceeds, p => p with { Soap = p.Soap with { DeleteMissingSucceeds = deleted } });
        }
        catch (UpnpErrorException ex)
        {
            findings.Probed($"DeletePortMapping {port}/UDP (never mapped): UPnP {ex.Code}");
            findings.NotFound(FingerprintKeys.DeleteMissingSucceeds, $"DeletePortMapping of a missing entry got {ex.Code}");
        }
    }

    private async Task EndOfListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<PortMappingEntry>();
        int? end = null;
        for (var index = 0; index < 1024 && end is null; index++)
        {
            try
            {
                entries.Add(await client.GetGenericPortMappingEntryAsync(index, cancellationToken));
            }
            catch (UpnpErrorException ex)
            {
                end = ex.Code;
            }
        }

        int? far = null;
        try
        {
            await client.GetGenericPortMappingEntryAsync(AnyIndex, cancellationToken);
        }
        catch (UpnpErrorException ex)
        {
            far = ex.Code;
        }

        findings.Probed(string.Create(CultureInfo.InvariantCulture, $"GetGenericPortMappingEntry walk: {entries.Count} entries, then {end?.ToString(CultureInfo.InvariantCulture) ?? "no end"}; index {AnyIndex}: {far?.ToString(CultureInfo.InvariantCulture) ?? "answered"}"));
        if (end is { } code)
        {
            findings.Found(FingerprintKeys.EndOfListErrorCode, p => p with { EndOfListErrorCode = code });
            if (far is { } farCode && farCode != code)
            {
                findings.Note(FingerprintKeys.EndOfListErrorCode, string.Create(CultureInfo.InvariantCulture, $"index {AnyIndex} got {farCode}"));
            }
        }
        else
        {
            findings.NotFound(FingerprintKeys.EndOfListErrorCode, "the walk found no end within 1024 entries");
        }

        var placeholders = entries.TakeWhile(e => e.InternalClient.Length == 0).Count();
        findings.Found(FingerprintKeys.EmptyClientEntries, p => p with { Soap = p.Soap with { EmptyClientEntries = placeholders } });
    }

    // Some routers answer a missing entry with 402 or 501 instead of 714: absent all the same.
    private async Task<PortMappingEntry?> FindAsync(int port, MappingProtocol protocol, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetSpecificPortMappingEntryAsync(port, protocol, cancellationToken: cancellationToken);
        }
        catch (UpnpErrorException ex)
        {
            findings.Probed(string.Create(CultureInfo.InvariantCulture, $"GetSpecificPortMappingEntry {port}/{protocol.ToUpnp()}: UPnP {ex.Code}"));
            return null;
        }
    }

    private static IPAddress Neighbour(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        bytes[^1] = bytes[^1] >= 254 ? (byte)(bytes[^1] - 1) : (byte)(bytes[^1] + 1);
        return new IPAddress(bytes);
    }

    private readonly record struct AddAttempt(int? Code, uint? Granted);
}
