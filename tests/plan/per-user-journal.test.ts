import { expect } from "chai";
import { EMPTY_PER_USER_JOURNAL, journalEntries, packIds, packJournal, unpackIds, type PerUserMfaJournal } from "../../provider/plan/per-user-journal";

const A = "0000000a-0000-4000-8000-00000000000a";
const B = "0000000b-0000-4000-8000-00000000000b";

describe("per-user MFA journal packing", () => {
  it("packs ids in sorted order, whatever order they came in", () => {
    expect(unpackIds(packIds([B, A]))).to.deep.equal([A, B]);
  });

  it("packs each id as its 16 bytes: 22 base64 characters and two of padding", () => {
    expect(packIds([A])).to.have.length(24);
    expect(Buffer.from(packIds([A]), "base64").toString("hex")).to.equal(A.replace(/-/g, ""));
  });

  it("refuses an id with anything before or after the GUID", () => {
    expect(() => packIds([`x${A}`])).to.throw(/is not an object id/);
    expect(() => packIds([`${A}0`])).to.throw(/is not an object id/);
  });

  // Fifteen bytes cannot be a list of 16-byte ids: the stored journal was cut or edited.
  it("refuses a packed list that is not a whole number of ids", () => {
    const cut = Buffer.from(A.replace(/-/g, "").slice(0, 30), "hex").toString("base64");
    expect(() => unpackIds(cut)).to.throw(/damaged \(not a whole number of ids\)/);
  });

  it("the empty journal holds no one, and is what an empty map packs to", () => {
    expect(journalEntries(EMPTY_PER_USER_JOURNAL).size).to.equal(0);
    expect(packJournal(new Map())).to.deep.equal({ enabled: "", enforced: "", count: 0 });
    expect(EMPTY_PER_USER_JOURNAL).to.deep.equal({ enabled: "", enforced: "", count: 0 });
  });

  // A journal written before a state had users may lack that list; it reads as no one in that state.
  it("reads a journal missing one of its lists as holding no one in that state", () => {
    const older = { enabled: packIds([A]), count: 1 } as unknown as PerUserMfaJournal;
    expect([...journalEntries(older)]).to.deep.equal([[A, "enabled"]]);
  });
});
