namespace IgdLab.Emulator.World.Namespaces;

/// <summary>A network namespace, a link or the daemon inside could not be set up; the message names the command and its output.</summary>
public sealed class NamespaceSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NamespaceSetupException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public NamespaceSetupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public NamespaceSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
