/// Reduces 24-bit colours to the xterm palettes, for terminals without true colour.
public enum Palette {
    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest entry of the 6×6×6 cube or the 24-step grey ramp (indices 16–255).
    public static func index256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            let v = Int(v)
            return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let grey = 8 + 10 * greyIndex
        let dCube = dist(cube, (Int(r), Int(g), Int(b)))
        let dGrey = dist((grey, grey, grey), (Int(r), Int(g), Int(b)))
        return dGrey < dCube ? UInt8(232 + greyIndex) : UInt8(16 + 36 * ri + 6 * gi + bi)
    }

    /// The RGB value an xterm shows for a palette index (approximate for 0–15).
    public static func rgb(ofIndex i: UInt8) -> (Int, Int, Int) {
        let i = Int(i)
        if i < 16 { return basic16[i] }
        if i >= 232 { let v = 8 + 10 * (i - 232); return (v, v, v) }
        let c = i - 16
        return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
    }

    public static let basic16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The nearest of the 16 basic colours.
    public static func index16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0, bestD = Int.max
        for (i, c) in basic16.enumerated() {
            let d = dist(c, (Int(r), Int(g), Int(b)))
            if d < bestD { best = i; bestD = d }
        }
        return UInt8(best)
    }

    /// Squared distance weighted for the eye's sensitivity (a cheap "redmean" approximation).
    static func dist(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        let rm = (a.0 + b.0) / 2
        return (((512 + rm) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rm) * db * db) >> 8)
    }
}
