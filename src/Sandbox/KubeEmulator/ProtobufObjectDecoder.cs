using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the few built-in kinds kubectl's
/// imperative commands send as protobuf (<c>create namespace|secret|configmap|serviceaccount</c>), into JSON.
/// Only the fields those commands set are read: metadata (name, generateName, namespace, labels, annotations,
/// finalizers) and the kind's data fields.
/// </summary>
internal static class ProtobufObjectDecoder
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static JsonObject? TryDecode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            return null;
        }

        var reader = new ProtobufReader(body[Magic.Length..]);
        string? apiVersion = null, kind = null;
        ReadOnlySpan<byte> raw = default;
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    var typeMeta = new ProtobufReader(reader.ReadBytes());
                    while (!typeMeta.AtEnd)
                    {
                        var (typeField, typeWire) = typeMeta.ReadTag();
                        switch (typeField)
                        {
                            case 1 when typeWire == 2: apiVersion = typeMeta.ReadString(); break;
                            case 2 when typeWire == 2: kind = typeMeta.ReadString(); break;
                            default: typeMeta.Skip(typeWire); break;
                        }
                    }

                    break;
                case 2 when wireType == 2:
                    raw = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        var fields = new ProtobufReader(raw);
        while (!fields.AtEnd)
        {
            var (field, wireType) = fields.ReadTag();
            if (field == 1 && wireType == 2)
            {
                obj["metadata"] = ReadObjectMeta(fields.ReadBytes());
                continue;
            }

            switch (kind, field, wireType)
            {
                case ("Secret", 2, 2):
                    AddMapEntry(obj, "data", fields.ReadBytes(), base64Values: true);
                    break;
                case ("Secret", 3, 2):
                    obj["type"] = fields.ReadString();
                    break;
                case ("Secret", 4, 2):
                    AddMapEntry(obj, "stringData", fields.ReadBytes(), base64Values: false);
                    break;
                case ("ConfigMap", 2, 2):
                    AddMapEntry(obj, "data", fields.ReadBytes(), base64Values: false);
                    break;
                case ("ConfigMap", 3, 2):
                    AddMapEntry(obj, "binaryData", fields.ReadBytes(), base64Values: true);
                    break;
                case ("Secret", 5, 0) or ("ConfigMap", 4, 0):
                    obj["immutable"] = fields.ReadVarint() != 0;
                    break;
                default:
                    fields.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject ReadObjectMeta(ReadOnlySpan<byte> bytes)
    {
        var metadata = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2: metadata["name"] = reader.ReadString(); break;
                case 2 when wireType == 2: metadata["generateName"] = reader.ReadString(); break;
                case 3 when wireType == 2: metadata["namespace"] = reader.ReadString(); break;
                case 11 when wireType == 2: AddMapEntry(metadata, "labels", reader.ReadBytes(), base64Values: false); break;
                case 12 when wireType == 2: AddMapEntry(metadata, "annotations", reader.ReadBytes(), base64Values: false); break;
                case 14 when wireType == 2:
                    var finalizers = metadata["finalizers"] as JsonArray ?? [];
                    finalizers.Add((JsonNode?)JsonValue.Create(reader.ReadString()));
                    metadata["finalizers"] = finalizers;
                    break;
                default: reader.Skip(wireType); break;
            }
        }

        return metadata;
    }

    /// <summary>One protobuf map entry (key = 1, value = 2) added to the JSON map <paramref name="name"/>.</summary>
    private static void AddMapEntry(JsonObject parent, string name, ReadOnlySpan<byte> entry, bool base64Values)
    {
        var reader = new ProtobufReader(entry);
        string key = "", value = "";
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2: key = reader.ReadString(); break;
                case 2 when wireType == 2: value = base64Values ? Convert.ToBase64String(reader.ReadBytes()) : reader.ReadString(); break;
                default: reader.Skip(wireType); break;
            }
        }

        var map = parent[name] as JsonObject ?? [];
        map[key] = value;
        parent[name] = map;
    }
}
