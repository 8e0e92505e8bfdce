using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace IgdLab.Igd.Router;

/// <summary>
/// The <c>single-packet-request</c> quirk (old Linksys and Draytek firmware, miniupnpc's minisoap.c): the router reads
/// a connection once and parses only what that read brought. A request split over several segments, or one whose
/// sender already half-closed the connection, is dropped without an answer.
/// </summary>
internal static class SinglePacketRequests
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>Connection middleware that closes connections whose first read is not a whole request.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        var input = connection.Transport.Input;
        var first = await input.ReadAsync(connection.ConnectionClosed);
        var whole = !first.IsCompleted && IsWholeRequest(first.Buffer);

        // Nothing consumed, nothing examined: Kestrel's parser reads the same bytes again.
        input.AdvanceTo(first.Buffer.Start);
        if (!whole)
        {
            connection.Abort(new ConnectionAbortedException("single-packet-request: the first read did not hold the whole request"));
            return;
        }

        await next(connection);
    };

    /// <summary>Whether <paramref name="buffer"/> holds the request line, every header and the whole Content-Length body.</summary>
    public static bool IsWholeRequest(ReadOnlySequence<byte> buffer)
    {
        var bytes = buffer.ToArray();
        var end = bytes.AsSpan().IndexOf(HeaderEnd);
        if (end < 0)
        {
            return false;
        }

        var headers = Encoding.ASCII.GetString(bytes, 0, end);
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    && bytes.Length - (end + HeaderEnd.Length) >= length;
            }
        }

        return true;
    }
}
