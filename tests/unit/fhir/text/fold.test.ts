import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldVietnamese } from '../../../../fhir/text/fold.ts';

test('a full name folds to plain lower-case letters: "Đặng Thị Ánh" → "dang thi anh"', () => {
  assert.equal(foldVietnamese('Đặng Thị Ánh'), 'dang thi anh');
});

test('every Vietnamese vowel with any tone folds to its base letter', () => {
  assert.equal(foldVietnamese('Nguyễn Trần Lê Phạm Hoàng Huỳnh Vũ Võ'), 'nguyen tran le pham hoang huynh vu vo');
  assert.equal(foldVietnamese('ÁÀẢÃẠ ĂẮẰẲẴẶ ÂẤẦẨẪẬ ÉÈẺẼẸ ÊẾỀỂỄỆ ÍÌỈĨỊ ÓÒỎÕỌ ÔỐỒỔỖỘ ƠỚỜỞỠỢ ÚÙỦŨỤ ƯỨỪỬỮỰ ÝỲỶỸỴ'), 'aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy');
});

test('đ and Đ fold to d, as does the look-alike Ð left by old encodings', () => {
  assert.equal(foldVietnamese('Đỗ Đức Đạt đi đâu'), 'do duc dat di dau');
  assert.equal(foldVietnamese('\u00d0ặng'), 'dang');
});

test('text typed with combining accents (decomposed) folds the same as precomposed text', () => {
  assert.equal(foldVietnamese('Nguye\u0302\u0303n'), 'nguyen');
});

test('runs of spaces, tabs and line breaks become one space, and ends are trimmed', () => {
  assert.equal(foldVietnamese('  Trần \t\n  Văn\u00a0 An  '), 'tran van an');
});

test('digits, punctuation and non-Vietnamese text pass through lower-cased', () => {
  assert.equal(foldVietnamese('Phòng 101 - Khoa NỘI (B)'), 'phong 101 - khoa noi (b)');
  assert.equal(foldVietnamese(''), '');
});
