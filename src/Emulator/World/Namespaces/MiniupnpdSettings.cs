using System.Globalization;
using System.Text;
using IgdLab.Igd.Profiles;
using YamlDotNet.RepresentationModel;

namespace IgdLab.Emulator.World.Namespaces;

/// <summary>
/// What a scenario gateway's router profile asks of a real miniupnpd: the keys of its configuration file that
/// correspond to profile keys. Everything else a profile says (quirks, SOAP and SSDP oddities) the real daemon does
/// its own way; <see cref="Unsupported"/> names what it cannot reproduce.
/// </summary>
internal sealed record MiniupnpdSettings
{
    /// <summary>The HTTP port when the router keeps it across reboots (miniupnpd picks one at random for port 0).</summary>
    public const int FixedHttpPort = 2869;

    /// <summary><c>force_igd_desc_v1</c>: describe the device as InternetGatewayDevice:1.</summary>
    public bool ForceIgdV1 { get; init; }

    /// <summary><c>secure_mode</c>: a client may only map to its own address.</summary>
    public bool SecureMode { get; init; }

    /// <summary><c>enable_upnp</c>.</summary>
    public bool Upnp { get; init; } = true;

    /// <summary><c>enable_natpmp</c>, which in miniupnpd 2.x switches NAT-PMP and PCP together.</summary>
    public bool NatPmpAndPcp { get; init; } = true;

    /// <summary><c>pcp_allow_thirdparty</c>.</summary>
    public bool PcpThirdParty { get; init; }

    /// <summary><c>min_lifetime</c> (NAT-PMP/PCP), seconds.</summary>
    public uint MinLifetimeSeconds { get; init; } = 120;

    /// <summary><c>max_lifetime</c> (NAT-PMP/PCP), seconds.</summary>
    public uint MaxLifetimeSeconds { get; init; } = 86400;

    /// <summary><c>clean_ruleset_interval</c> and <c>clean_ruleset_threshold</c>, or null to leave idle rules alone.</summary>
    public (uint IntervalSeconds, int Threshold)? IdleCleanup { get; init; }

    /// <summary><c>notify_interval</c>, seconds between SSDP alive announcements.</summary>
    public uint NotifyIntervalSeconds { get; init; } = 900;

    /// <summary><c>http_port</c>: <see cref="FixedHttpPort"/>, or 0 (a new random port at every start) when the profile's router changes it on reboot.</summary>
    public int HttpPort { get; init; } = FixedHttpPort;

    /// <summary>Whether the table survives a reboot: only then is a <c>lease_file</c> configured.</summary>
    public bool KeepTable { get; init; }

    /// <summary>The settings <paramref name="profile"/> asks for.</summary>
    public static MiniupnpdSettings From(RouterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var control = profile.PortControl;
        return new MiniupnpdSettings
        {
            ForceIgdV1 = profile.IgdVersion == 1,
            SecureMode = profile.SecureMode,
            Upnp = control.Upnp,
            NatPmpAndPcp = control.NatPmp || control.Pcp,
            PcpThirdParty = control.ThirdParty,
            MinLifetimeSeconds = control.MinLifetimeSeconds,
            MaxLifetimeSeconds = control.MaxLifetimeSeconds,
            IdleCleanup = profile.IdleCleanup is { } idle ? (idle.IntervalSeconds, idle.Threshold) : null,
            NotifyIntervalSeconds = profile.Discovery.NotifyIntervalSeconds,
            HttpPort = profile.Reboot.NewHttpPort ? 0 : FixedHttpPort,
            KeepTable = profile.Reboot.KeepTable,
        };
    }

    /// <summary>The profile keys miniupnpd cannot follow, each with why; empty when the daemon can play the profile.</summary>
    public static IReadOnlyList<string> Unsupported(RouterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = new List<string>();
        if (profile.PortControl.NatPmp != profile.PortControl.Pcp)
        {
            problems.Add("portControl.natPmp and portControl.pcp must agree: miniupnpd switches NAT-PMP and PCP together (enable_natpmp)");
        }

        if (profile.WanSide == WanSide.Cgnat)
        {
            problems.Add("wanSide cgnat: the daemon's WAN side is the WAN namespace itself, with no carrier-grade NAT in front to hide its mappings");
        }

        if (profile.IgdVersion is not (1 or 2))
        {
            problems.Add($"igdVersion {profile.IgdVersion}: miniupnpd describes IGD version 1 or 2 only");
        }

        return problems;
    }

    /// <summary>
    /// Where the real daemon will not behave as <paramref name="profile"/> says because no setting of it can make it:
    /// each profile key whose value differs from how Debian's miniupnpd behaves (the built-in <c>miniupnpd</c> profile
    /// with the keys it can be configured for taken from <paramref name="profile"/>), as
    /// <c>key (profile: value, daemon: value)</c>. Names and the SERVER header are left out: they change no verdict.
    /// </summary>
    /// <param name="profile">The profile a scenario gateway played by miniupnpd names.</param>
    /// <returns>The differences, in the profile's key order; empty when the daemon can follow the profile.</returns>
    public static IReadOnlyList<string> Differences(RouterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var daemon = RouterProfileCatalog.BuiltIn["miniupnpd"];
        var configured = daemon with
        {
            IgdVersion = profile.IgdVersion,
            SecureMode = profile.SecureMode,
            IdleCleanup = profile.IdleCleanup,
            Reboot = daemon.Reboot with { NewHttpPort = profile.Reboot.NewHttpPort, KeepTable = profile.Reboot.KeepTable },
            Discovery = daemon.Discovery with { NotifyIntervalSeconds = profile.Discovery.NotifyIntervalSeconds },
            PortControl = daemon.PortControl with
            {
                Upnp = profile.PortControl.Upnp,
                NatPmp = profile.PortControl.NatPmp,
                Pcp = profile.PortControl.Pcp,
                ThirdParty = profile.PortControl.ThirdParty,
                MinLifetimeSeconds = profile.PortControl.MinLifetimeSeconds,
                MaxLifetimeSeconds = profile.PortControl.MaxLifetimeSeconds,
            },
        };
        var wanted = Flatten(profile);
        var actual = Flatten(configured);
        return [.. wanted
            .Where(p => !Cosmetic.Contains(p.Key) && !(p.Key == "secureModeErrorCode" && !profile.SecureMode))
            .Where(p => !actual.TryGetValue(p.Key, out var value) || value != p.Value)
            .Select(p => $"{p.Key} (profile: {p.Value}, daemon: {actual.GetValueOrDefault(p.Key, "unset")})")];
    }

    private static readonly HashSet<string> Cosmetic = new(StringComparer.Ordinal)
    {
        "kind", "name", "summary", "friendlyName", "manufacturer", "modelName", "serverHeader",
    };

    // The profile as dotted keys and their YAML text, in the order profiles show them (igdlab profiles show).
    private static Dictionary<string, string> Flatten(RouterProfile profile)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RouterProfileYaml.Write(profile)))
        {
            stream.Load(reader);
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        var name = ((YamlScalarNode)key).Value ?? "";
                        Walk(value, path.Length == 0 ? name : $"{path}.{name}");
                    }

                    break;
                case YamlSequenceNode sequence:
                    keys[path] = "[" + string.Join(", ", sequence.Children.Select(c => (c as YamlScalarNode)?.Value ?? "...")) + "]";
                    break;
                default:
                    keys[path] = ((YamlScalarNode)node).Value is { Length: > 0 } text ? text : "null";
                    break;
            }
        }

        Walk(stream.Documents[0].RootNode, "");
        return keys;
    }

    /// <summary>The configuration file, for a router whose WAN interface is <paramref name="wanInterface"/> and LAN interface <paramref name="lanInterface"/>.</summary>
    public string Render(string wanInterface, string lanInterface, string lanSubnet, string? leaseFile)
    {
        var text = new StringBuilder();
        void Line(string key, object value) => text.Append(CultureInfo.InvariantCulture, $"{key}={value}\n");
        static string YesNo(bool value) => value ? "yes" : "no";

        Line("ext_ifname", wanInterface);
        Line("listening_ip", lanInterface);
        Line("http_port", HttpPort);
        Line("enable_upnp", YesNo(Upnp));
        Line("enable_natpmp", YesNo(NatPmpAndPcp));
        Line("pcp_allow_thirdparty", YesNo(PcpThirdParty));
        Line("min_lifetime", MinLifetimeSeconds);
        Line("max_lifetime", MaxLifetimeSeconds);
        Line("secure_mode", YesNo(SecureMode));
        Line("force_igd_desc_v1", YesNo(ForceIgdV1));
        Line("notify_interval", NotifyIntervalSeconds);
        if (IdleCleanup is { } idle)
        {
            Line("clean_ruleset_interval", idle.IntervalSeconds);
            Line("clean_ruleset_threshold", idle.Threshold);
        }

        if (KeepTable && leaseFile is not null)
        {
            Line("lease_file", leaseFile);
        }

        Line("upnp_table_name", MiniupnpdRuleset.Table);
        Line("upnp_nat_table_name", MiniupnpdRuleset.Table);
        Line("upnp_forward_chain", MiniupnpdRuleset.ForwardChain);
        Line("upnp_nat_chain", MiniupnpdRuleset.PreroutingChain);
        Line("upnp_nat_postrouting_chain", MiniupnpdRuleset.PostroutingChain);
        text.Append(CultureInfo.InvariantCulture, $"allow 1024-65535 {lanSubnet} 1024-65535\n");
        text.Append("deny 0-65535 0.0.0.0/0 0-65535\n");
        return text.ToString();
    }
}
