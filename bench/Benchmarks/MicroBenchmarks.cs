using System.Net;
using BenchmarkDotNet.Attributes;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;

namespace IgdLab.Benchmarks;

/// <summary>
/// The hot path of one SOAP round trip without the network: parsing the request, renewing in the mapping table, and
/// writing the reply. Renewal is measured in a table of one mapping and in a half-full standard table (512), because
/// a renewal walks the whole table. Public and unsealed because BenchmarkDotNet derives from it.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MicroBenchmarks : IDisposable
{
    private const int MaxRequestBytes = 64 * 1024;
    private const int FullTableSize = 512;
    private const int FirstPort = 20000;

    private static readonly IPAddress Device = IPAddress.Parse("127.90.255.3");

    private readonly SoapCall _addPortMapping = SoapCall.AddPortMapping(FirstPort, Device, 8080, 3600);
    private readonly List<KeyValuePair<string, string>> _noOutArguments = [];
    private readonly List<KeyValuePair<string, string>> _specificEntry =
    [
        KeyValuePair.Create("NewInternalPort", "8080"),
        KeyValuePair.Create("NewInternalClient", "127.90.255.3"),
        KeyValuePair.Create("NewEnabled", "1"),
        KeyValuePair.Create("NewPortMappingDescription", "igdlab bench"),
        KeyValuePair.Create("NewLeaseDuration", "3599"),
    ];

    private MappingTable? _single;
    private MappingTable? _full;
    private MappingRequest[] _renewals = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _renewals = [.. Enumerable.Range(FirstPort, FullTableSize).Select(port => new MappingRequest
        {
            ExternalPort = port,
            Protocol = MappingProtocol.Tcp,
            InternalClient = Device,
            InternalPort = 8080,
            Description = "igdlab bench",
            LeaseSeconds = 3600,
        })];
        _single = new MappingTable(RouterProfileCatalog.Standard, TimeProvider.System, seed: 1);
        _single.Add(_renewals[0], Device);
        _full = new MappingTable(RouterProfileCatalog.Standard, TimeProvider.System, seed: 1);
        foreach (var request in _renewals)
        {
            _full.Add(request, Device);
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _single?.Dispose();
        _full?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>SoapRequestReader.Read of a typical AddPortMapping body (8 arguments, ~600 bytes).</summary>
    [Benchmark]
    public int ReadAddPortMapping() =>
        SoapRequestReader.Read(_addPortMapping.Body, _addPortMapping.SoapAction, MaxRequestBytes).Arguments.Count;

    /// <summary>MappingTable.Add renewing the only mapping of the table.</summary>
    [Benchmark]
    public PortMapping RenewInTableOf1() => _single!.Add(_renewals[0], Device).Mapping;

    /// <summary>MappingTable.Add renewing the mappings of a 512-entry table in turn (always the one expiring next).</summary>
    [Benchmark]
    public PortMapping RenewInTableOf512() => _full!.Add(_renewals[_next++ % FullTableSize], Device).Mapping;

    /// <summary>SoapResponseWriter.Success for AddPortMapping (no out arguments).</summary>
    [Benchmark]
    public string WriteAddPortMappingResponse() =>
        SoapResponseWriter.Success(SoapCall.ServiceType, "AddPortMapping", _noOutArguments);

    /// <summary>SoapResponseWriter.Success for GetSpecificPortMappingEntry (five out arguments).</summary>
    [Benchmark]
    public string WriteSpecificEntryResponse() =>
        SoapResponseWriter.Success(SoapCall.ServiceType, "GetSpecificPortMappingEntry", _specificEntry);
}
