using System.Net;

namespace IgdLab.Emulator.Text;

/// <summary>IP addresses given on the command line, with the problem worded once for every option that takes one.</summary>
internal static class AddressText
{
    /// <summary>Parses an address option or throws <see cref="FormatException"/> naming the option.</summary>
    public static IPAddress Parse(string text, string option) =>
        IPAddress.TryParse(text, out var address) ? address : throw new FormatException(Problem(text, option));

    /// <summary>Parses an optional address option; a bad one is added to <paramref name="problems"/> (so that every problem is reported together).</summary>
    /// <returns>The address, or null when <paramref name="text"/> is null or not an address.</returns>
    public static IPAddress? Parse(string? text, string option, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        problems.Add(Problem(text, option));
        return null;
    }

    private static string Problem(string text, string option) => $"{option}: '{text}' is not an IP address";
}
