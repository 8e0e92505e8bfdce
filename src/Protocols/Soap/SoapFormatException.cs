namespace IgdLab.Protocols.Soap;

/// <summary>The request is not a SOAP call the router can read; it is answered with HTTP 400.</summary>
public sealed class SoapFormatException : Exception
{
    /// <summary>A format error with its reason.</summary>
    public SoapFormatException(string message)
        : base(message)
    {
    }

    /// <summary>A format error with its reason and cause.</summary>
    public SoapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A format error without a reason.</summary>
    public SoapFormatException()
    {
    }
}
