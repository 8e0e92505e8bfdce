using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;

namespace IgdLab.Igd.Router;

/// <summary>
/// Chooses the WAN address a change-wan-ip or reboot moves to: the one asked for, refused unless the host can bind it,
/// or else the next one the host can bind. A WAN address the host cannot bind would leave every forwarded port dead.
/// </summary>
internal sealed class WanAddressChooser(VirtualGatewayOptions options)
{
    // Candidates the automatic pick tries before giving up: a plan that keeps yielding unbindable addresses is broken.
    private const int MaxCandidates = 16;

    private readonly Func<IPAddress, bool> _canBind = options.CanBindWanAddress ?? WanSockets.CanBind;

    /// <summary>Refuses <paramref name="requested"/> when the gateway could not forward on it.</summary>
    /// <exception cref="FaultRejectedException">The address is not IPv4, is the LAN address, or the host cannot bind it.</exception>
    public void Check(IPAddress requested)
    {
        if (Problem(requested) is { } problem)
        {
            throw new FaultRejectedException(problem);
        }
    }

    /// <summary>Why the gateway could not forward on <paramref name="address"/>; null when it can.</summary>
    public string? Problem(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // ExternalIPAddress, NAT-PMP's address announcement and PCP's mapped address as IPv4-mapped: all IPv4 only.
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return $"the WAN address must be an IPv4 address, not {address}";
        }

        if (address.Equals(options.LanAddress))
        {
            return $"the WAN address must differ from the LAN address {options.LanAddress}";
        }

        return _canBind(address) ? null : $"the address must be bindable: this host cannot listen on {address}";
    }

    /// <summary>The address to move to from <paramref name="current"/>: <paramref name="requested"/>, checked, or the next bindable one.</summary>
    /// <exception cref="FaultRejectedException">The requested address is refused, or no bindable address was found.</exception>
    public IPAddress Choose(IPAddress current, IPAddress? requested)
    {
        if (requested is not null)
        {
            Check(requested);
            return requested;
        }

        var candidate = current;
        var tried = new List<IPAddress>();
        for (var i = 0; i < MaxCandidates; i++)
        {
            candidate = Next(candidate);
            if (_canBind(candidate))
            {
                return candidate;
            }

            tried.Add(candidate);
        }

        throw new FaultRejectedException(
            $"no bindable WAN address after {current}: this host cannot listen on {string.Join(", ", tried.Distinct().Take(4))}{(tried.Count > 4 ? ", ..." : "")}");
    }

    private IPAddress Next(IPAddress current)
    {
        if (options.NextWanAddress is { } next)
        {
            return next(current);
        }

        var candidate = current;
        do
        {
            candidate = Increment(candidate);
        }
        while (candidate.Equals(options.LanAddress));

        return candidate;
    }

    // Adds 1 to the address, skipping the .0 and .255 of each byte.
    private static IPAddress Increment(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 1; i--)
        {
            bytes[i]++;
            if (bytes[i] is not (0 or 255))
            {
                break;
            }

            bytes[i] = 1;
        }

        return new IPAddress(bytes);
    }
}
