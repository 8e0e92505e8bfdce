namespace IgdLab.Igd.Soap;

/// <summary>The request is not a SOAP call the router can read; it is answered with HTTP 400.</summary>
internal sealed class SoapFormatException : Exception
{
    public SoapFormatException(string message)
        : base(message)
    {
    }

    public SoapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SoapFormatException()
    {
    }
}
