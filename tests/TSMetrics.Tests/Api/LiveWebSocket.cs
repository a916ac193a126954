using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TSMetrics.Tests.Api;

/// <summary>Reads a live WebSocket's JSON frames until one matches, within a deadline.</summary>
public static class LiveWebSocket
{
    public static async Task<JsonElement> ReceiveAsync(WebSocket socket, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[1 << 20];
        while (true)
        {
            var length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), deadline.Token) is var r ? new WebSocketReceiveResult(r.Count, r.MessageType, r.EndOfMessage) : null!;
                length += result.Count;
            }
            while (!result.EndOfMessage);
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length));
            if (condition(document.RootElement)) return document.RootElement.Clone();
        }
    }
}
