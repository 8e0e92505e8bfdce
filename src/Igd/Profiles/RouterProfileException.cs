namespace IgdLab.Igd.Profiles;

/// <summary>A router profile could not be found or is invalid.</summary>
public sealed class RouterProfileException : Exception
{
    public RouterProfileException(string message)
        : base(message)
    {
    }

    public RouterProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RouterProfileException()
    {
    }
}
