namespace IgdLab.Device.Devices;

/// <summary>No usable Internet gateway answered a search (none on the network, or the router is down).</summary>
public sealed class GatewayNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayNotFoundException()
        : base("no Internet gateway answered")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public GatewayNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public GatewayNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
