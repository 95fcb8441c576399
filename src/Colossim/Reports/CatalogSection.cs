namespace Colossim.Reports;

/// <summary>A section of the catalog as <c>colossim catalog</c> lists it, in the order a full listing prints them.</summary>
public enum CatalogSection
{
    /// <summary>The GPUs (<c>gpus</c>).</summary>
    Gpus,

    /// <summary>The systems: nodes and racks of GPUs (<c>systems</c>).</summary>
    Systems,

    /// <summary>The fabrics: switch families (<c>fabrics</c>).</summary>
    Fabrics,

    /// <summary>The model architectures (<c>models</c>).</summary>
    Models,
}
