import { documentFiles, type FileRef, forwardDocuments } from './file-ref';

const file = (fileId: string): FileRef => ({
  fileId,
  sha256: fileId.padEnd(64, '0'),
  name: `${fileId}.pdf`,
  size: 1,
  mediaType: 'application/pdf',
});

describe('a forward’s documents', () => {
  it('attach the upstream 正文 and 附件 in front of the forward’s own 附件', () => {
    const upstream = { bodyFile: file('169'), attachments: [file('56')] };
    expect(forwardDocuments(upstream, { bodyFile: file('89'), attachments: [file('table')] })).toEqual({
      bodyFile: file('89'),
      attachments: [file('169'), file('56'), file('table')],
    });
  });

  it('list each file once, even when the forward names an upstream file itself', () => {
    const upstream = { bodyFile: file('169'), attachments: [file('56')] };
    expect(forwardDocuments(upstream, { attachments: [file('56')] })?.attachments).toEqual([file('169'), file('56')]);
  });

  it('are nothing when neither side has a file', () => {
    expect(forwardDocuments(undefined, undefined)).toBeUndefined();
    expect(forwardDocuments({ attachments: [] }, {})).toBeUndefined();
    expect(forwardDocuments(undefined, { bodyFile: file('89') })).toEqual({ bodyFile: file('89'), attachments: [] });
  });

  it('every file of a directive, 正文 first', () => {
    expect(documentFiles({ bodyFile: file('a'), attachments: [file('b')] }).map((f) => f.fileId)).toEqual(['a', 'b']);
    expect(documentFiles(null)).toEqual([]);
  });
});
