namespace IgdLab.Protocols.Ssdp;

/// <summary>Why <see cref="SsdpMessage.TryParse(ReadOnlySpan{byte}, out SsdpMessage?, out SsdpParseError)"/> refused a datagram.</summary>
public enum SsdpParseError
{
    /// <summary>The datagram parsed.</summary>
    None,

    /// <summary>The datagram was empty.</summary>
    Empty,

    /// <summary>The datagram exceeded <see cref="SsdpConstants.MaxDatagramLength"/>.</summary>
    TooLong,

    /// <summary>The datagram held bytes that are neither printable ASCII nor CR, LF or TAB.</summary>
    NotAscii,

    /// <summary>The first line was not one of the three SSDP start lines.</summary>
    UnknownStartLine,

    /// <summary>More than <see cref="SsdpConstants.MaxHeaderCount"/> header lines.</summary>
    TooManyHeaders,

    /// <summary>An M-SEARCH without a non-empty ST header.</summary>
    MissingSearchTarget,
}
