export async function queueBench() {}
