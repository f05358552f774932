namespace GoLive.Runtime.Actors;

/// <summary>A call to an actor: <paramref name="Path"/> is what follows <c>/actors/{type}/{id}/</c> on the app (<c>method/{m}</c>, <c>method/remind/{r}</c>, …).</summary>
internal sealed record ActorCall(string ActorType, string ActorId, string Path, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? ReentrancyId);

/// <summary>The app's answer, relayed verbatim to the caller.</summary>
internal sealed record ActorReply(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
