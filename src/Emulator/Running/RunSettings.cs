using System.Net;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>One run of one scenario: the scenario, its seed, and the strategy variant when it compares strategies.</summary>
public sealed record RunSettings
{
    /// <summary>The scenario file as given on the command line.</summary>
    public required string File { get; init; }

    /// <summary>The scenario.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>The seed every random choice of the run derives from.</summary>
    public required int Seed { get; init; }

    /// <summary>The strategy every device uses in this run (a <c>compare:</c> entry); null keeps each device's own.</summary>
    public StrategyVariant? Variant { get; init; }

    /// <summary>
    /// The entry of the scenario's <c>backends:</c> this run plays every gateway on (<see cref="Scenario"/> is already
    /// set to it); null when the scenario lists no backends.
    /// </summary>
    public GatewayBackend? Backend { get; init; }

    /// <summary>The word of <see cref="Backend"/> (<c>miniupnpd</c>) for names and replay lines; null without one.</summary>
    public string? BackendName => Backend is { } backend ? ScenarioVocabulary.NameOf(backend) : null;

    /// <summary>How this run is named everywhere: <c>name [variant] on backend</c>.</summary>
    public string DisplayName => Reports.RunName.Of(Scenario.Name, Variant?.Name, BackendName);

    /// <summary>
    /// The network <c>--network</c> asked this run to play on (<see cref="Scenario"/> is already set to it), for replay
    /// lines; null when the run plays on the scenario's own.
    /// </summary>
    public WorldNetwork? Network { get; init; }

    /// <summary>The oracle's cadences.</summary>
    public OracleOptions Oracle { get; init; } = new();

    /// <summary>How long the world may take to set up (every device mapped and known to the watchdog), in wall time.</summary>
    /// <value>
    /// The default is 60 seconds and 20 ms more per device: a world sets up about 140 devices a second on two cores
    /// (2,000 in 14.7 s), so 10,000 devices get 260 s.
    /// </value>
    public TimeSpan SetupTimeout
    {
        get => _setupTimeout ?? TimeSpan.FromSeconds(60) + (TimeSpan.FromMilliseconds(20) * Scenario.DeviceCount);
        init => _setupTimeout = value;
    }

    private readonly TimeSpan? _setupTimeout;

    /// <summary>How long one oracle check may wait for a connection and handshake, in wall time.</summary>
    /// <value>The default is 300 milliseconds.</value>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Overrides the gateways' check that the host can bind a WAN address; null binds a socket to find out. Lets tests
    /// make an address unbindable without naming one outside 127.0.0.0/8.
    /// </summary>
    internal Func<IPAddress, bool>? CanBindWanAddress { get; init; }

    /// <summary>The PostgreSQL server a <c>watchdog: { registry: postgres }</c> run takes its registry database from; null when the run has none.</summary>
    public Databases.PostgresServer? Postgres { get; init; }

    /// <summary>Why this host cannot make the run (e.g. a real-router backend without root); null when it can. Such a run is reported as skipped.</summary>
    internal string? SkipReason { get; init; }
}
