using System.Net;
using System.Security.Cryptography.X509Certificates;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;

namespace IgdLab.Prober;

/// <summary>How to run one watchdog server.</summary>
public sealed record ProberOptions
{
    /// <summary>The address the HTTP API and control channel listen on.</summary>
    /// <value>The default is 127.0.0.1.</value>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The port the HTTP API and control channel listen on; 0 picks a free one.</summary>
    /// <value>The default is 0.</value>
    public int ListenPort { get; init; }

    /// <summary>
    /// The certificate, with its private key, that the HTTP API and the control channel are served with over TLS
    /// (<c>https://</c>, <c>wss://</c>); null serves them plain. The in-process endpoint of <see cref="InProcessNetwork"/>
    /// stays plain either way. The caller owns the certificate and disposes it after the server.
    /// </summary>
    /// <value>The default is null: plain http and ws.</value>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>How often every device is probed.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan ProbeInterval { get; init; } = ProberDefaults.ProbeInterval;

    /// <summary>How long one probe may take (connect and handshake).</summary>
    /// <value>The default is 500 ms.</value>
    public TimeSpan ProbeTimeout { get; init; } = ProberDefaults.ProbeTimeout;

    /// <summary>Probes in flight at once; further due probes wait for a free slot.</summary>
    /// <value>The default is 512.</value>
    public int MaxConcurrentProbes { get; init; } = ProberDefaults.MaxConcurrentProbes;

    /// <summary>Extra probes that must also time out before a timeout counts as a failure (0 = act on the first).</summary>
    /// <value>The default is 1.</value>
    public int TimeoutConfirmations { get; init; } = ProberDefaults.TimeoutConfirmations;

    /// <summary>The pause before each confirming probe.</summary>
    /// <value>The default is zero: confirm at once.</value>
    public TimeSpan ConfirmationDelay { get; init; } = ProberDefaults.ConfirmationDelay;

    /// <summary>How long a device has to answer a remap instruction before it counts as failed.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan InstructionTimeout { get; init; } = ProberDefaults.InstructionTimeout;

    /// <summary>The pause after the first failed remap; it doubles with every further failure.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RemapBackoffMin { get; init; } = ProberDefaults.RemapBackoffMin;

    /// <summary>The longest pause between remap instructions.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan RemapBackoffMax { get; init; } = ProberDefaults.RemapBackoffMax;

    /// <summary>How long a new control channel may take to authenticate before it is closed.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan AuthenticationTimeout { get; init; } = ProberDefaults.AuthenticationTimeout;

    /// <summary>
    /// How many failed authentications (unknown device, wrong proof) one source address may make within
    /// <see cref="AuthenticationFailureWindow"/>; past it, its control channels are refused with HTTP 429 until the
    /// window ends, so that keys cannot be guessed at line speed.
    /// </summary>
    /// <value>The default is 10.</value>
    public int AuthenticationFailureLimit { get; init; } = ProberDefaults.AuthenticationFailureLimit;

    /// <summary>The window failed authentications are counted in.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan AuthenticationFailureWindow { get; init; } = ProberDefaults.AuthenticationFailureWindow;

    /// <summary>
    /// The registry's database: an SQLite file, or a PostgreSQL connection string (<c>postgres://user@host:port/db</c>
    /// or Npgsql's keyword form with a <c>Host=</c>); null keeps it in memory (lost when the server stops).
    /// </summary>
    /// <value>The default is null.</value>
    public string? DatabasePath { get; init; }

    /// <summary>What <see cref="DatabasePath"/> names, for people: the file, "in memory", or the PostgreSQL database without its password.</summary>
    public string DatabaseDescription => RegistryStores.Describe(DatabasePath);

    /// <summary>How often probe results and counters are written to the database (reports are written at once).</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan PersistInterval { get; init; } = ProberDefaults.PersistInterval;

    /// <summary>History rows (reports, instructions, verdicts, channel changes) kept per device.</summary>
    /// <value>The default is 100.</value>
    public int HistoryPerDevice { get; init; } = ProberDefaults.HistoryPerDevice;

    /// <summary>The local address probes are sent from (the outside world's own loopback address); null lets the OS choose.</summary>
    /// <value>The default is null.</value>
    public IPAddress? ProbeFrom { get; init; }

    /// <summary>
    /// Which endpoints may be probed; a refused one fails without a packet sent. A scenario world sets it to keep every
    /// probe inside the lab network; null probes whatever a device reports (<c>igdlab prober</c>, on a real network).
    /// </summary>
    /// <value>The default is null: every endpoint may be probed.</value>
    public IProbeTargetPolicy? TargetPolicy { get; init; }

    /// <summary>
    /// An in-process network (an emulator world) on which the control endpoint is also offered, at the same address and
    /// port as its socket: devices of that process connect to it in memory. Probes always go over sockets.
    /// </summary>
    /// <value>The default is null: sockets only.</value>
    public IInProcessNetwork? InProcessNetwork { get; init; }

    /// <summary>
    /// How often the server pings each control channel's WebSocket (keeping NAT bindings and proxies on the way open);
    /// <see cref="TimeSpan.Zero"/> turns pings off, for channels that cross nothing (in memory in an emulator world).
    /// </summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ControlKeepAlive { get; init; } = ProberDefaults.ControlKeepAlive;

    /// <summary>The devices allowed to connect, by id, with their keys; added to (or updating) those in the database.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<string, byte[]> DeviceKeys { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>
    /// This instance's name among the instances sharing one PostgreSQL registry; its id there is the name and a random
    /// suffix, new at every start.
    /// </summary>
    /// <value>The default is the machine's name.</value>
    public string InstanceName { get; init; } = Environment.MachineName;

    /// <summary>
    /// How long an instance sharing a PostgreSQL registry owns its devices without renewing its lease (it renews every
    /// quarter of it): when it dies, the others take its devices over within a lease and a quarter.
    /// </summary>
    /// <value>The default is null: the probe interval, so a dead instance's devices are probed again within two intervals.</value>
    public TimeSpan? OwnershipLease { get; init; }

    /// <summary>Seed of the probe phases, so that different servers spread the same devices differently.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; init; }

    /// <summary>Every problem of these options at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ListenAddress is null)
        {
            problems.Add("ListenAddress must be set");
        }

        if (ListenPort is < 0 or > 65535)
        {
            problems.Add($"ListenPort {ListenPort} is not 0-65535");
        }

        if (TlsCertificate is { } certificate)
        {
            problems.AddRange(ServerCertificateRules.Problems(certificate, nameof(TlsCertificate)));
        }

        Positive(ProbeInterval, nameof(ProbeInterval));
        Positive(ProbeTimeout, nameof(ProbeTimeout));
        Positive(InstructionTimeout, nameof(InstructionTimeout));
        Positive(RemapBackoffMin, nameof(RemapBackoffMin));
        Positive(AuthenticationTimeout, nameof(AuthenticationTimeout));
        Positive(AuthenticationFailureWindow, nameof(AuthenticationFailureWindow));
        if (AuthenticationFailureLimit < 1)
        {
            problems.Add($"AuthenticationFailureLimit must be at least 1, not {AuthenticationFailureLimit}");
        }
        Positive(PersistInterval, nameof(PersistInterval));
        if (OwnershipLease is { } lease)
        {
            Positive(lease, nameof(OwnershipLease));
        }

        if (string.IsNullOrWhiteSpace(InstanceName) || InstanceName.Length > 100 || InstanceName.Any(char.IsControl))
        {
            problems.Add("InstanceName must be 1-100 characters without control characters");
        }

        if (RemapBackoffMax < RemapBackoffMin)
        {
            problems.Add($"RemapBackoffMax ({RemapBackoffMax}) must not be shorter than RemapBackoffMin ({RemapBackoffMin})");
        }

        if (ConfirmationDelay < TimeSpan.Zero)
        {
            problems.Add($"ConfirmationDelay must not be negative, not {ConfirmationDelay}");
        }

        if (ControlKeepAlive < TimeSpan.Zero)
        {
            problems.Add($"ControlKeepAlive must not be negative, not {ControlKeepAlive}");
        }

        if (MaxConcurrentProbes is < 1 or > 100_000)
        {
            problems.Add($"MaxConcurrentProbes must be 1-100000, not {MaxConcurrentProbes}");
        }

        if (TimeoutConfirmations is < 0 or > 10)
        {
            problems.Add($"TimeoutConfirmations must be 0-10, not {TimeoutConfirmations}");
        }

        if (HistoryPerDevice is < 1 or > 100_000)
        {
            problems.Add($"HistoryPerDevice must be 1-100000, not {HistoryPerDevice}");
        }

        if (DatabasePath is { } path && string.IsNullOrWhiteSpace(path))
        {
            problems.Add("DatabasePath must be null (in memory), a file name or a PostgreSQL connection string");
        }
        else if (RegistryStores.IsPostgres(DatabasePath))
        {
            try
            {
                _ = RegistryStores.ToConnectionString(DatabasePath!);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"DatabasePath: {ex.Message}");
            }
        }

        foreach (var (id, key) in DeviceKeys ?? new Dictionary<string, byte[]>())
        {
            try
            {
                IdentityHandshake.ValidateDeviceId(id);
            }
            catch (ArgumentException)
            {
                problems.Add($"device id '{id}' must be 1-128 printable characters without spaces");
            }

            if (key is null || key.Length == 0)
            {
                problems.Add($"device '{id}' has an empty key");
            }
        }

        return problems;

        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{name} must be positive, not {value}");
            }
        }
    }
}
