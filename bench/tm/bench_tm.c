/* bench/tm: TM index benchmark (filled in with the index). */
int main(void)
{
	return 0;
}
