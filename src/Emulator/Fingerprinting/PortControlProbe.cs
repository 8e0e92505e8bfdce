using System.Net;
using IgdLab.Device.PortControl;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Asks UDP 5351 for the NAT-PMP external address and sends a PCP ANNOUNCE, each with a short timeout.</summary>
internal sealed class PortControlProbe(IPAddress local, IPEndPoint target, TimeProvider time, FingerprintFindings findings)
{
    /// <summary>Records whether NAT-PMP and PCP answer; both are asked at once, so a silent router costs one timeout.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var natPmp = new NatPmpClient(local, target, PortControlClientOptions.NatPmp with { MaxAttempts = 2 }, time);
        using var pcp = new PcpClient(
            local, target, PortControlClientOptions.Pcp with { MaxAttempts = 2, InitialTimeout = TimeSpan.FromMilliseconds(500) }, time);
        var natPmpAnswer = AskAsync(() => natPmp.GetExternalAddressAsync(cancellationToken));
        var pcpAnswer = AskAsync(() => pcp.AnnounceAsync(cancellationToken));
        var (natPmpSpeaks, natPmpWhat) = await natPmpAnswer;
        var (pcpSpeaks, pcpWhat) = await pcpAnswer;
        findings.Probed($"NAT-PMP external address request to {target}: {natPmpWhat}");
        findings.Found(FingerprintKeys.NatPmp, p => p with { PortControl = p.PortControl with { NatPmp = natPmpSpeaks } });
        findings.Probed($"PCP ANNOUNCE to {target}: {pcpWhat}");
        findings.Found(FingerprintKeys.Pcp, p => p with { PortControl = p.PortControl with { Pcp = pcpSpeaks } });
    }

    private static async Task<(bool Speaks, string What)> AskAsync(Func<Task> request)
    {
        try
        {
            await request();
            return (true, "answered");
        }
        catch (PortControlException ex) when (ex.UnsupportedVersion)
        {
            return (false, "unsupported version");
        }
        catch (PortControlException ex) when (ex.NatPmpResult is not null || ex.PcpResult is not null)
        {
            return (true, $"refused ({ex.Message})");
        }
        catch (PortControlException ex)
        {
            return (false, $"no answer ({ex.Message})");
        }
    }
}
