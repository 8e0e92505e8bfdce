namespace IgdLab.Igd.Ssdp;

/// <summary>The state of one started socket.</summary>
internal sealed partial class SsdpResponder
{
    /// <summary>One started socket with its receive loop and the replies waiting for their MX delay.</summary>
    private sealed class Listener(ISsdpSocket socket, bool multicast, ISsdpSocket? replySocket) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly HashSet<Task> _pendingReplies = [];

        public ISsdpSocket Socket { get; } = socket;

        public bool Multicast { get; } = multicast;

        /// <summary>The socket replies leave through when the profile sends them from another port or address; null uses <see cref="Socket"/>.</summary>
        public ISsdpSocket? ReplySocket { get; } = replySocket;

        public CancellationTokenSource Stopping { get; } = new();

        public Task? ReceiveLoop { get; set; }

        public int PendingReplyCount
        {
            get
            {
                lock (_gate)
                {
                    return _pendingReplies.Count;
                }
            }
        }

        public void Track(Task reply)
        {
            lock (_gate)
            {
                _pendingReplies.Add(reply);
            }

            // Registered after the Add, so even a reply that already finished is removed again.
            reply.ContinueWith(
                (done, _) => Untrack(done),
                null,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public Task[] PendingReplies()
        {
            lock (_gate)
            {
                return [.. _pendingReplies];
            }
        }

        public void Dispose()
        {
            Socket.Dispose();
            ReplySocket?.Dispose();
            Stopping.Dispose();
        }

        private void Untrack(Task reply)
        {
            lock (_gate)
            {
                _pendingReplies.Remove(reply);
            }
        }
    }
}
