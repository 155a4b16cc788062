using System.Globalization;
using System.Net;
using System.Text;

namespace CivicTrust.Bench.Throughput;

/// <summary>
/// What one write is, for the system under test: a CivicTrust document issuance, or an etcd put of a unique key
/// through its v3 JSON gateway. Both are one client request acknowledged after a majority of three members has the
/// entry, so the two rates compare like for like.
/// </summary>
public abstract class LoadTarget
{
    /// <summary>The target called <paramref name="name"/> (<c>civictrust</c> or <c>etcd</c>).</summary>
    public static LoadTarget Named(string name) => name switch
    {
        "civictrust" => new CivicTrustTarget(),
        "etcd" => new EtcdTarget(),
        _ => throw new ArgumentException($"unknown target '{name}': civictrust or etcd"),
    };

    /// <summary>The target's name, for the output.</summary>
    public abstract string Name { get; }

    /// <summary>Sends write number <paramref name="serial"/> of run <paramref name="run"/>; whether it was acknowledged.</summary>
    public abstract Task<bool> WriteAsync(HttpClient http, Uri node, string run, long serial, CancellationToken token);

    private sealed class CivicTrustTarget : LoadTarget
    {
        public override string Name => "civictrust";

        public override async Task<bool> WriteAsync(HttpClient http, Uri node, string run, long serial, CancellationToken token)
        {
            using var content = new StringContent(
                string.Create(CultureInfo.InvariantCulture, $"{{\"content\":{{\"bench\":\"{run}\",\"serial\":{serial}}},\"issuer\":\"civictrust-drill\"}}"), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(node, "documents"), content, token);
            return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK;
        }
    }

    // etcd's gateway wants base64 keys and values. The value is about the size of a document's record.
    private sealed class EtcdTarget : LoadTarget
    {
        public override string Name => "etcd";

        public override async Task<bool> WriteAsync(HttpClient http, Uri node, string run, long serial, CancellationToken token)
        {
            var key = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"/bench/{run}/{serial}")));
            var value = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"bench\":\"{run}\",\"serial\":{serial},\"issuer\":\"bench\"}}")));
            using var content = new StringContent($"{{\"key\":\"{key}\",\"value\":\"{value}\"}}", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(node, "v3/kv/put"), content, token);
            return response.StatusCode == HttpStatusCode.OK;
        }
    }
}
