namespace IgdLab.Device.Upnp.Gena;

/// <summary>A SUBSCRIBE, renewal or UNSUBSCRIBE failed; the message names the URL and the HTTP status.</summary>
public sealed class GenaException : Exception
{
    public GenaException(string message)
        : base(message)
    {
    }

    public GenaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GenaException()
    {
    }
}
