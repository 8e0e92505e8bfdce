using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Forwarding;

internal sealed partial class ForwardingPlane
{
    /// <summary>The forwarding plane's log messages; its listeners, relays and sessions log through these too.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Forwarding {Key} on {WanAddress} to {Internal}")]
        public static partial void Forwarding(ILogger logger, MappingKey key, IPAddress wanAddress, IPEndPoint @internal);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Closed {Key} on {WanAddress}")]
        public static partial void Closed(ILogger logger, MappingKey key, IPAddress wanAddress);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Silent port {Key} on {WanAddress}: connections are held, datagrams dropped")]
        public static partial void SilentPortOpened(ILogger logger, MappingKey key, IPAddress wanAddress);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Cannot listen for {Key} on {WanAddress}: {Error}")]
        public static partial void BindFailed(ILogger logger, MappingKey key, IPAddress wanAddress, SocketError error);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Key} now forwards to {Internal}")]
        public static partial void Retargeted(ILogger logger, MappingKey key, IPEndPoint @internal);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "WAN address changed from {OldAddress} to {NewAddress}; {Count} ports moved")]
        public static partial void WanAddressChanged(ILogger logger, IPAddress oldAddress, IPAddress newAddress, int count);

        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Forwarding suspended; {Count} ports closed")]
        public static partial void Suspended(ILogger logger, int count);

        [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Forwarding resumed on {WanAddress}; {Count} ports open")]
        public static partial void Resumed(ILogger logger, IPAddress wanAddress, int count);

        [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Connection from {Peer} could not reach {Internal}: {Reason}; resetting")]
        public static partial void InternalConnectFailed(ILogger logger, IPEndPoint peer, IPEndPoint @internal, string reason);

        [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Relay between {Peer} and {Internal} failed")]
        public static partial void RelayFailed(ILogger logger, IPEndPoint peer, IPEndPoint @internal, Exception exception);

        [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "{Key}: {Peer} does not match remote host '{RemoteHost}'")]
        public static partial void PeerNotAdmitted(ILogger logger, MappingKey key, IPAddress peer, string remoteHost);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Key}: remote host '{RemoteHost}' is not an IP address; no peer matches it")]
        public static partial void RemoteHostNotAnAddress(ILogger logger, MappingKey key, string remoteHost);

        [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "{Key}: UDP session for {Peer} to {Internal}")]
        public static partial void UdpSessionOpened(ILogger logger, MappingKey key, IPEndPoint peer, IPEndPoint @internal);

        [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "UDP session for {Peer} ended idle")]
        public static partial void UdpSessionIdle(ILogger logger, IPEndPoint peer);

        [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "{Key}: accept failed with {Error}")]
        public static partial void AcceptFailed(ILogger logger, MappingKey key, SocketError error);

        [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "{Key}: unexpected failure in a forwarding loop")]
        public static partial void LoopFailed(ILogger logger, MappingKey key, Exception exception);

        [LoggerMessage(EventId = 17, Level = LogLevel.Debug, Message = "{Key}: in-memory connection from {Peer} reset: {Internal} is not on the in-process network")]
        public static partial void InProcessHostMissing(ILogger logger, MappingKey key, IPEndPoint peer, IPEndPoint @internal);

        [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "A datagram delayed on the WAN link failed on delivery")]
        public static partial void LinkDeliveryFailed(ILogger logger, Exception exception);
    }
}
