using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Training;

namespace Colossim.Tests.Training;

/// <summary>Small jobs and their step models on planned clusters, shared by the training tests.</summary>
internal static class TrainingFixtures
{
    /// <summary>A tiny dense model whose memory is easy to count by hand: 2 layers, hidden 64, 4 heads of 16, SwiGLU 256, vocabulary 1,000, untied.</summary>
    public static ModelSpec Tiny { get; } = new()
    {
        Name = "tiny",
        Layers = 2,
        HiddenSize = 64,
        AttentionHeads = 4,
        KvHeads = 4,
        HeadDim = 16,
        FfnHiddenSize = 256,
        VocabSize = 1000,
    };

    public static ModelSpec Model(string name) => ColossimCatalog.BuiltIn.Models[name];

    public static TrainingJob Job(ModelSpec model, string gpu, long gpus, int seqLen, long batchTokens) =>
        new() { Model = model, Gpu = ColossimCatalog.BuiltIn.Gpus[gpu], Gpus = gpus, SeqLen = seqLen, GlobalBatchTokens = batchTokens };

    /// <summary>The planned cluster of the job's GPUs.</summary>
    public static ClusterPlan Plan(TrainingJob job) =>
        new PlanRequest { Gpus = job.Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture), Gpu = job.Gpu.Id }.Plan(ColossimCatalog.BuiltIn, new Colossim.Documents.Problems())!;

    /// <summary>The job's step model on its planned cluster, collectives from the <see cref="CollectiveModel"/> (as <c>colossim train</c>).</summary>
    public static TrainingStepModel Steps(TrainingJob job) => Steps(job, Topology.FromPlan(Plan(job)));

    /// <summary>The job's step model on <paramref name="topology"/>, collectives from the <see cref="CollectiveModel"/>.</summary>
    public static TrainingStepModel Steps(TrainingJob job, Topology topology) =>
        new(job, KernelModel.For(job.Gpu, ColossimCatalog.BuiltIn), topology, new CollectiveModel(topology));
}
