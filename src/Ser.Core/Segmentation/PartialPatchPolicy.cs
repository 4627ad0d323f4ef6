namespace Ser.Core.Segmentation;

/// <summary>What happens to the frames left over after the last whole patch.</summary>
public enum PartialPatchPolicy
{
    /// <summary>
    /// Drop them. A clip shorter than one patch is never dropped: it becomes one zero-padded patch.
    /// </summary>
    Drop,

    /// <summary>Make one more patch from them, filling the missing frames with 0.</summary>
    ZeroPad,

    /// <summary>Make one more patch from them, repeating the available frames cyclically to fill it.</summary>
    RepeatPad,
}
