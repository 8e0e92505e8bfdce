namespace IgdLab.Igd.Profiles;

/// <summary>Header oddities of SSDP replies seen on real routers (<c>odd-headers</c>: goupnp httpu, Sagemcom, Thomson TG585).</summary>
public sealed record OddHeaders
{
    /// <summary>The status line ends with a space: <c>HTTP/1.1 200 OK </c>.</summary>
    public bool StatusLineTrailingSpace { get; init; }

    /// <summary>The SERVER header is sent empty.</summary>
    public bool EmptyServer { get; init; }

    /// <summary>USN does not start with <c>uuid:</c> (a bare serial number instead).</summary>
    public bool NonUuidUsn { get; init; }
}
