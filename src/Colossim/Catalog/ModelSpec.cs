namespace Colossim.Catalog;

/// <summary>The MLP block of a decoder layer.</summary>
public enum MlpKind
{
    /// <summary>Gated SiLU: gate, up and down projections (three matrices).</summary>
    SwiGlu,

    /// <summary>GELU: up and down projections (two matrices).</summary>
    Gelu,
}

/// <summary>
/// A decoder-only transformer: dense, or mixture-of-experts with optional shared experts and leading dense layers.
/// Shapes only (no weights): enough to count parameters, FLOPs, KV-cache bytes and to expand a step into kernels.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Catalog id (<c>llama3-70b</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Decoder layers.</summary>
    public required int Layers { get; init; }

    /// <summary>Model (residual stream) width.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Query heads.</summary>
    public required int AttentionHeads { get; init; }

    /// <summary>Key/value heads (grouped-query attention when fewer than <see cref="AttentionHeads"/>).</summary>
    public required int KvHeads { get; init; }

    /// <summary>Width of one head; defaults to hidden_size / attention_heads.</summary>
    public required int HeadDim { get; init; }

    /// <summary>Intermediate width of a dense MLP (and of dense layers in a mixture-of-experts model).</summary>
    public required int FfnHiddenSize { get; init; }

    /// <summary>MLP kind.</summary>
    public MlpKind Mlp { get; init; } = MlpKind.SwiGlu;

    /// <summary>Vocabulary size.</summary>
    public required int VocabSize { get; init; }

    /// <summary>Whether the LM head shares the embedding matrix.</summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>Routed experts per MoE layer; 0 for a dense model.</summary>
    public int Experts { get; init; }

    /// <summary>Routed experts each token activates (top-k).</summary>
    public int ActiveExperts { get; init; }

    /// <summary>Experts every token passes through in addition to the routed ones (DeepSeek).</summary>
    public int SharedExperts { get; init; }

    /// <summary>Intermediate width of one expert.</summary>
    public int ExpertFfnHiddenSize { get; init; }

    /// <summary>Leading layers that are dense even in a mixture-of-experts model.</summary>
    public int DenseLayers { get; init; }

    /// <summary>Multi-head latent attention: compressed KV width (DeepSeek-V3: 512); 0 for ordinary attention.</summary>
    public int KvLoraRank { get; init; }

    /// <summary>Multi-head latent attention: decoupled rotary key width (DeepSeek-V3: 64).</summary>
    public int QkRopeHeadDim { get; init; }

    /// <summary>Multi-head latent attention: compressed query width (DeepSeek-V3: 1536); 0 for none.</summary>
    public int QLoraRank { get; init; }

    /// <summary>Where the shape comes from.</summary>
    public string? Source { get; init; }

    /// <summary>Whether the model routes tokens to experts.</summary>
    public bool IsMixtureOfExperts => Experts > 0;

    /// <summary>Whether attention is multi-head latent attention.</summary>
    public bool IsLatentAttention => KvLoraRank > 0;

    /// <summary>Layers that hold experts.</summary>
    public int MoeLayers => IsMixtureOfExperts ? Layers - DenseLayers : 0;

    /// <summary>Weight matrices in one MLP (3 for SwiGLU, 2 for GELU).</summary>
    public int MlpMatrices => Mlp == MlpKind.SwiGlu ? 3 : 2;

    /// <summary>Parameters of the attention block of one layer (projections only; norms are counted separately).</summary>
    public double AttentionParametersPerLayer
    {
        get
        {
            double h = HiddenSize;
            if (IsLatentAttention)
            {
                // DeepSeek MLA: q down/up (or direct), kv down (+ rope key), k/v up, output.
                double qHeadDim = HeadDim + QkRopeHeadDim;
                var q = QLoraRank > 0 ? (h * QLoraRank) + (QLoraRank * AttentionHeads * qHeadDim) : h * AttentionHeads * qHeadDim;
                var kvDown = h * (KvLoraRank + QkRopeHeadDim);
                var kvUp = (double)KvLoraRank * AttentionHeads * (HeadDim + HeadDim);
                var o = (double)AttentionHeads * HeadDim * h;
                return q + kvDown + kvUp + o;
            }

            return (h * AttentionHeads * HeadDim) + (2 * h * KvHeads * HeadDim) + ((double)AttentionHeads * HeadDim * h);
        }
    }

    /// <summary>All parameters: embeddings, every layer (all experts), final norm and LM head.</summary>
    public double Parameters => CountParameters(allExperts: true);

    /// <summary>Parameters one token passes through (active experts only).</summary>
    public double ActiveParameters => CountParameters(allExperts: false);

    /// <summary>Elements of KV cache one token keeps per layer (K and V, or the MLA latent).</summary>
    public double KvElementsPerTokenPerLayer => IsLatentAttention ? KvLoraRank + QkRopeHeadDim : 2.0 * KvHeads * HeadDim;

    private double CountParameters(bool allExperts)
    {
        double h = HiddenSize;
        var embeddings = (double)VocabSize * h * (TiedEmbeddings ? 1 : 2);
        var norms = (2 * h * Layers) + h;
        var denseMlp = MlpMatrices * h * FfnHiddenSize;
        var expertMlp = MlpMatrices * h * ExpertFfnHiddenSize;
        var routed = allExperts ? Experts : ActiveExperts;
        var moeMlp = (expertMlp * (routed + SharedExperts)) + (h * Experts);
        var denseLayers = IsMixtureOfExperts ? DenseLayers : Layers;
        return embeddings + norms + (Layers * AttentionParametersPerLayer) + (denseLayers * denseMlp) + (MoeLayers * moeMlp);
    }
}
