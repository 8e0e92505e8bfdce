using System.Net;

namespace IgdLab.Contracts.InProcess;

/// <summary>Sends one datagram back to whoever sent the datagram being served.</summary>
/// <param name="datagram">The reply.</param>
/// <param name="cancellationToken">Abandons the send.</param>
public delegate ValueTask DatagramReply(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);

/// <summary>
/// Serves one datagram that arrived in memory at an offered UDP endpoint: <paramref name="from"/> is the sender as the
/// service would see it on a socket; <paramref name="reply"/> answers it (any number of times, or never).
/// </summary>
/// <param name="from">The sender's endpoint.</param>
/// <param name="datagram">The datagram; valid only until the returned task completes.</param>
/// <param name="reply">Sends datagrams back to <paramref name="from"/>.</param>
/// <param name="cancellationToken">Abandons the work.</param>
public delegate ValueTask DatagramService(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken);
