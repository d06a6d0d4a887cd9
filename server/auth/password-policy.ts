/** Rules for passwords of real accounts (demo accounts use the published demo password). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('at least 10 characters');
  if (!/[a-zà-ỹđ]/.test(password)) problems.push('a lower-case letter');
  if (!/[A-ZÀ-ỸĐ]/.test(password)) problems.push('an upper-case letter');
  if (!/[0-9]/.test(password)) problems.push('a digit');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('not containing the username');
  return problems;
}
