using System.Net;
using IgdLab.Device.PortControl;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Asks UDP 5351 for the NAT-PMP external address and sends a PCP ANNOUNCE, each with a short timeout.</summary>
internal sealed class PortControlProbe(IPAddress local, IPEndPoint target, TimeProvider time, FingerprintFindings findings)
{
    /// <summary>Records whether NAT-PMP and PCP answer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using (var natPmp = new NatPmpClient(local, target, PortControlClientOptions.NatPmp with { MaxAttempts = 2 }, time))
        {
            var (speaks, what) = await AskAsync(() => natPmp.GetExternalAddressAsync(cancellationToken));
            findings.Probed($"NAT-PMP external address request to {target}: {what}");
            findings.Found(FingerprintKeys.NatPmp, p => p with { PortControl = p.PortControl with { NatPmp = speaks } });
        }

        using (var pcp = new PcpClient(local, target, PortControlClientOptions.Pcp with { MaxAttempts = 2 }, time))
        {
            var (speaks, what) = await AskAsync(() => pcp.AnnounceAsync(cancellationToken));
            findings.Probed($"PCP ANNOUNCE to {target}: {what}");
            findings.Found(FingerprintKeys.Pcp, p => p with { PortControl = p.PortControl with { Pcp = speaks } });
        }
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
