using System.Text.Json.Serialization;
using IgdLab.Contracts.Control;
using IgdLab.Protocols;

namespace IgdLab.Prober.Registry;

/// <summary>A device as the registry sees it at one moment; <c>GET /devices/{id}</c> serves it as JSON.</summary>
/// <param name="Id">The device id.</param>
/// <param name="Endpoint">The external <c>ip:port</c> an outside client should use; null before the first report.</param>
/// <param name="Protocol">The protocol (<c>TCP</c> or <c>UDP</c> in JSON); null before the first report.</param>
/// <param name="InternalEndpoint">The device's own <c>ip:port</c> behind the gateway.</param>
/// <param name="LeaseSeconds">The lease the gateway granted (0 = permanent).</param>
/// <param name="ReportedAt">When the current mapping was reported.</param>
/// <param name="State">Where the device stands.</param>
/// <param name="Connected">Whether its control channel is open.</param>
/// <param name="LastProbe">The latest probe of the current mapping.</param>
/// <param name="Counters">Running totals.</param>
/// <param name="ConsecutiveRemapFailures">Failed remaps since the last recovery; drives the backoff.</param>
/// <param name="NextInstructionNotBefore">When the backoff allows the next instruction; null when no backoff applies.</param>
/// <param name="OutstandingInstruction">The id of the instruction awaiting an answer.</param>
/// <param name="Episode">The open fault episode, if any.</param>
/// <param name="RecentEpisodes">Finished episodes, newest last.</param>
public sealed record DeviceSnapshot(
    string Id,
    string? Endpoint,
    [property: JsonConverter(typeof(MappingProtocolJsonConverter))] MappingProtocol? Protocol,
    string? InternalEndpoint,
    uint? LeaseSeconds,
    DateTimeOffset? ReportedAt,
    DeviceState State,
    bool Connected,
    ProbeRecord? LastProbe,
    DeviceCounters Counters,
    int ConsecutiveRemapFailures,
    DateTimeOffset? NextInstructionNotBefore,
    string? OutstandingInstruction,
    RemapEpisode? Episode,
    IReadOnlyList<RemapEpisode> RecentEpisodes);
